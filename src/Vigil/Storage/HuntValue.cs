using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace Vigil.Storage;

/// <summary>
/// Renders the values DuckDB.NET returns for a hunt (strings, numbers, <see cref="DateTime"/>, lists, structs,
/// maps, blobs…) as text for tables and CSV, and as typed JSON. Timestamps are UTC in the store, so text shows
/// them as DuckDB does (<c>2024-01-02 03:04:05.678</c>) and JSON as ISO-8601 with a <c>Z</c>.
/// </summary>
public static class HuntValue
{
    /// <summary>Turns provider values that die with the row (a blob's stream) into values that outlive it.</summary>
    internal static object? Detach(object? v)
    {
        switch (v)
        {
            case DBNull: return null;
            case Stream s:
                {
                    using var ms = new MemoryStream();
                    s.CopyTo(ms);
                    return ms.ToArray();
                }
            default: return v;
        }
    }

    public static string? ToText(object? v)
    {
        switch (v)
        {
            case null: return null;
            case string s: return s;
            case bool b: return b ? "true" : "false";
            case DateTime dt: return dt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture);
            case DateTimeOffset dto: return dto.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture) + "+00";
            case DateOnly d: return d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case TimeOnly t: return t.ToString("HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture);
            case double d: return d.ToString("R", CultureInfo.InvariantCulture);
            case float f: return f.ToString("R", CultureInfo.InvariantCulture);
            case byte[] bytes: return BlobText(bytes);
            case IDictionary dict:
                {
                    var sb = new StringBuilder("{");
                    foreach (DictionaryEntry e in dict)
                    {
                        if (sb.Length > 1) sb.Append(", ");
                        sb.Append(ToText(e.Key)).Append(": ").Append(ToText(e.Value) ?? "NULL");
                    }
                    return sb.Append('}').ToString();
                }
            case IEnumerable list:
                {
                    var sb = new StringBuilder("[");
                    foreach (var item in list)
                    {
                        if (sb.Length > 1) sb.Append(", ");
                        sb.Append(ToText(item) ?? "NULL");
                    }
                    return sb.Append(']').ToString();
                }
            case IFormattable f: return f.ToString(null, CultureInfo.InvariantCulture);
            default: return v.ToString();
        }
    }

    public static void WriteJson(Utf8JsonWriter w, object? v)
    {
        switch (v)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case long n: w.WriteNumberValue(n); break;
            case int n: w.WriteNumberValue(n); break;
            case short n: w.WriteNumberValue(n); break;
            case sbyte n: w.WriteNumberValue(n); break;
            case ulong n: w.WriteNumberValue(n); break;
            case uint n: w.WriteNumberValue(n); break;
            case ushort n: w.WriteNumberValue(n); break;
            case byte n: w.WriteNumberValue(n); break;
            case decimal n: w.WriteNumberValue(n); break;
            case BigInteger n: w.WriteRawValue(n.ToString(CultureInfo.InvariantCulture)); break;
            // JSON has no NaN or infinity: those become strings rather than invalid output.
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): w.WriteNumberValue(f); break;
            case DateTime dt: w.WriteStringValue(dt.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture)); break;
            case DateTimeOffset dto: w.WriteStringValue(dto.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture)); break;
            case byte[] bytes: w.WriteBase64StringValue(bytes); break;
            case IDictionary dict:
                w.WriteStartObject();
                foreach (DictionaryEntry e in dict)
                {
                    w.WritePropertyName(ToText(e.Key) ?? "");
                    WriteJson(w, e.Value);
                }
                w.WriteEndObject();
                break;
            case IEnumerable list:
                w.WriteStartArray();
                foreach (var item in list) WriteJson(w, item);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(ToText(v)); break;
        }
    }

    private static string BlobText(byte[] bytes)
    {
        // DuckDB's own rendering: printable ASCII as is, every other byte as \xHH.
        var sb = new StringBuilder(bytes.Length);
        foreach (byte b in bytes)
        {
            if (b >= 0x20 && b < 0x7F && b != (byte)'\\') sb.Append((char)b);
            else sb.Append("\\x").Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
