using System.Runtime.InteropServices;
using System.Text.Json;
using Vigil.Events;

namespace Vigil.Normalization.Inputs;

/// <summary>JSON → runtime value conversion for raw events (never throws on odd numbers such as 1e400).</summary>
internal static class JsonValues
{
    private static readonly Value TrueText = Value.String("true");
    private static readonly Value FalseText = Value.String("false");

    public static Value Convert(JsonElement e, ValueMode mode)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                // Windows event text is read trimmed: Sysmon writes Data values such as ` "ServiceConsumer"`
                // that formulas strip of quotes (Sysmon 20 test 1 expects "ServiceConsumer").
                return Value.String(JsonText.DecodeTrimmed(e));
            case JsonValueKind.Number:
                if (mode != ValueMode.Json) return Value.String(RecentStrings.Get(JsonMarshal.GetRawUtf8Value(e)));
                if (e.TryGetInt64(out long n)) return Value.Number(n);
                return e.TryGetDouble(out double d) && double.IsFinite(d) ? Value.Double(d) : Value.String(e.GetRawText());
            case JsonValueKind.True:
                return mode == ValueMode.Json ? Value.True : TrueText;
            case JsonValueKind.False:
                return mode == ValueMode.Json ? Value.False : FalseText;
            case JsonValueKind.Object or JsonValueKind.Array when mode == ValueMode.FlatText:
                return Value.String(e.GetRawText());
            case JsonValueKind.Object:
                return mode == ValueMode.TextScalarOnly ? Value.Null : Value.Map(new JsonElementMap(e, mode));
            case JsonValueKind.Array:
                return mode == ValueMode.TextScalarOnly ? Value.Null : Value.List(new JsonElementList(e, mode));
            default:
                return Value.Null;
        }
    }

    /// <summary>
    /// <see cref="Convert(JsonElement, ValueMode)"/> for a value scanned without a document (flat Windows exports):
    /// <paramref name="raw"/> is its JSON text. A nested object or array has no element to view, so it is its JSON
    /// text in every mode (flat exports read event data in <see cref="ValueMode.FlatText"/>, where that is the rule).
    /// </summary>
    public static Value Convert(JsonValueKind kind, ReadOnlySpan<byte> raw, ValueMode mode)
    {
        switch (kind)
        {
            case JsonValueKind.String:
                return Value.String(JsonText.DecodeTrimmed(raw));
            case JsonValueKind.Number:
                if (mode != ValueMode.Json) return Value.String(RecentStrings.Get(raw));
                if (System.Buffers.Text.Utf8Parser.TryParse(raw, out long n, out int used) && used == raw.Length) return Value.Number(n);
                return System.Buffers.Text.Utf8Parser.TryParse(raw, out double d, out used) && used == raw.Length && double.IsFinite(d)
                    ? Value.Double(d) : Value.String(RecentStrings.Get(raw));
            case JsonValueKind.True:
                return mode == ValueMode.Json ? Value.True : TrueText;
            case JsonValueKind.False:
                return mode == ValueMode.Json ? Value.False : FalseText;
            case JsonValueKind.Object or JsonValueKind.Array:
                return mode == ValueMode.TextScalarOnly ? Value.Null : Value.String(System.Text.Encoding.UTF8.GetString(raw));
            default:
                return Value.Null;
        }
    }

    /// <summary><see cref="ScalarText(JsonElement)"/> for a value given as its kind and JSON text (strings with their quotes).</summary>
    public static string? ScalarText(JsonValueKind kind, ReadOnlySpan<byte> raw) => kind switch
    {
        JsonValueKind.String => JsonText.Decode(raw),
        JsonValueKind.Number => RecentStrings.Get(raw),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    /// <summary>The text an exporter wrote for a scalar: strings unquoted, numbers as written, booleans; null otherwise.</summary>
    public static string? ScalarText(JsonElement e) => ScalarText(e.ValueKind, RawText(e));

    /// <summary>A string's or number's JSON text (the only kinds whose text is read); empty for the others.</summary>
    internal static ReadOnlySpan<byte> RawText(JsonElement e) =>
        e.ValueKind is JsonValueKind.String or JsonValueKind.Number ? JsonMarshal.GetRawUtf8Value(e) : default;
}

/// <summary>
/// A nested JSON object as a map (small objects: a linear member search beats building an index).
/// In text mode an object with a string <c>"text"</c> member reports it as <see cref="Text"/>: that is an
/// XML element with attributes and content (<c>EventID {"Qualifiers":"0","text":"5805"}</c>).
/// </summary>
internal sealed class JsonElementMap(JsonElement element, ValueMode mode) : IValueMap
{
    public JsonElement Element => element;

    public Value Get(string key) =>
        element.TryGetProperty(key, out var v) ? JsonValues.Convert(v, mode) : Value.Null;

    public string? Text =>
        mode != ValueMode.Json && element.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;

    public IEnumerable<KeyValuePair<string, Value>> Entries
    {
        get
        {
            foreach (var p in element.EnumerateObject())
                yield return new(p.Name, JsonValues.Convert(p.Value, mode));
        }
    }
}

/// <summary>A nested JSON array as a list; items converted on access.</summary>
internal sealed class JsonElementList(JsonElement element, ValueMode mode) : IReadOnlyList<Value>
{
    public int Count { get; } = element.GetArrayLength();

    public Value this[int index] => index >= 0 && index < Count ? JsonValues.Convert(element[index], mode) : Value.Null;

    public IEnumerator<Value> GetEnumerator()
    {
        foreach (var item in element.EnumerateArray()) yield return JsonValues.Convert(item, mode);
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
