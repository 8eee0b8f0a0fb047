using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Vigil.Normalization.Inputs;

/// <summary>
/// Process-wide intern table for the short strings that repeat on every event (member names, event ids,
/// channels, provider names), so index keys cost no allocation once seen. Lookups decode into a stack
/// buffer and probe with a span; the table is bounded so hostile input cannot grow it without limit.
/// Thread-safe: pooled events may be viewed on other threads than the one that parsed them.
/// </summary>
internal static class NameTable
{
    private const int MaxLength = 128;
    private const int MaxEntries = 1 << 16;

    private static readonly ConcurrentDictionary<string, string> s_names = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> s_lookup =
        s_names.GetAlternateLookup<ReadOnlySpan<char>>();
    private static int s_count;

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength) return Encoding.UTF8.GetString(utf8);
        // As long as the name (UTF-8 never has fewer bytes than UTF-16 chars): the buffer is zeroed on every call.
        Span<char> chars = stackalloc char[utf8.Length];
        int n = Encoding.UTF8.GetChars(utf8, chars);
        if (s_lookup.TryGetValue(chars[..n], out var s)) return s;
        s = new string(chars[..n]);
        // The count is approximate under races, which is fine for a bound.
        if (Volatile.Read(ref s_count) < MaxEntries && s_names.TryAdd(s, s)) Interlocked.Increment(ref s_count);
        return s;
    }

    public static string Get(JsonProperty p)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(p);
        return raw.IndexOf((byte)'\\') < 0 ? Get(raw) : p.Name;
    }

    /// <summary>A JSON string's value, interned; null for non-strings.</summary>
    public static string? Get(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.String) return null;
        var raw = JsonMarshal.GetRawUtf8Value(e)[1..^1];
        return raw.IndexOf((byte)'\\') < 0 ? Get(raw) : e.GetString();
    }

    /// <summary>Text of a scalar as an exporter wrote it (numbers unquoted as written), interned.</summary>
    public static string? Text(JsonElement e) => Text(e.ValueKind, JsonValues.RawText(e));

    /// <summary><see cref="Text(JsonElement)"/> for a value given as its kind and JSON text (strings with their quotes).</summary>
    public static string? Text(JsonValueKind kind, ReadOnlySpan<byte> raw) => kind switch
    {
        JsonValueKind.String when raw.IndexOf((byte)'\\') < 0 => Get(raw[1..^1]),
        JsonValueKind.String => JsonText.Decode(raw), // escaped: decoded, shared through the recent strings instead
        JsonValueKind.Number => Get(raw),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
