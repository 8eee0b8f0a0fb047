using Vigil.Events;

namespace Vigil.Runtime;

/// <summary>lower, upper, find_substr, substr, strip, length/len (spec normalization §7). Positions are UTF-8 byte offsets.</summary>
internal static class StringFunctions
{
    public static Value Lower(ReadOnlySpan<Value> args)
    {
        if (!Args.Text(args, 0, out var s)) return Value.Null;
        // ToLowerInvariant returns the same instance when nothing changes, so already-lower text costs no allocation;
        // but it looks up every char's case, so ASCII text with no capital (log text, mostly) is recognised first.
        if (IsAsciiWithoutCapitals(s)) return args[0].IsString ? args[0] : Value.String(s);
        var r = s.ToLowerInvariant();
        return ReferenceEquals(r, s) && args[0].IsString ? args[0] : Value.String(r);
    }

    private static bool IsAsciiWithoutCapitals(string s)
    {
        foreach (char c in s)
            if (c > '\x7f' || (uint)(c - 'A') <= 'Z' - 'A') return false;
        return true;
    }

    public static Value Upper(ReadOnlySpan<Value> args)
    {
        if (!Args.Text(args, 0, out var s)) return Value.Null;
        var r = s.ToUpperInvariant();
        return ReferenceEquals(r, s) && args[0].IsString ? args[0] : Value.String(r);
    }

    /// <summary>find_substr(s, sub): byte offset of the first occurrence, null when absent.</summary>
    public static Value FindSubstr(ReadOnlySpan<Value> args)
    {
        if (!Args.Text(args, 0, out var s) || !Args.Text(args, 1, out var sub)) return Value.Null;
        int i = sub.Length == 1 ? s.IndexOf(sub[0]) : s.IndexOf(sub, StringComparison.Ordinal);
        if (i < 0) return Value.Null;
        return Value.Number(Utf8Text.ByteCount(s.AsSpan(0, i)));
    }

    /// <summary>
    /// substr(s, start[, len]): bytes of s from start; a negative start counts from the end (clipped at 0);
    /// len past the end is clipped; start at or past the end gives ""; omitted len = to the end; negative len → null.
    /// </summary>
    public static Value Substr(ReadOnlySpan<Value> args)
    {
        if (!Args.Text(args, 0, out var s) || !Args.Integer(args, 1, out long start)) return Value.Null;
        long len = long.MaxValue;
        if (args.Length > 2 && !Args.Integer(args, 2, out len)) return Value.Null;
        if (len < 0) return Value.Null;
        long total = Utf8Text.ByteCount(s);
        if (start < 0)
        {
            start += total;
            if (start < 0) start = 0;
        }
        if (start >= total || len == 0) return Value.Empty;
        long n = Math.Min(len, total - start);
        if (start == 0 && n == total) return args[0].IsString ? args[0] : Value.String(s);
        return Value.String(Utf8Text.ByteSlice(s, (int)start, (int)n));
    }

    /// <summary>
    /// strip(s, prefix, suffix): drop prefix if s starts with it, then suffix if the rest ends with it (each at most
    /// once, ordinal; "" = none). The suffix is tested on what remains so the two never overlap.
    /// </summary>
    public static Value Strip(ReadOnlySpan<Value> args)
    {
        if (!Args.Text(args, 0, out var s)) return Value.Null;
        // A null prefix or suffix strips nothing (es-logger: strip("/", "", csv("/", "/", "'")[last]) is "/").
        string prefix = Args.At(args, 1).IsNull ? "" : Args.Text(args, 1, out var p) ? p : "";
        string suffix = Args.At(args, 2).IsNull ? "" : Args.Text(args, 2, out var x) ? x : "";
        int from = 0, to = s.Length;
        if (prefix.Length > 0 && s.StartsWith(prefix, StringComparison.Ordinal)) from = prefix.Length;
        if (suffix.Length > 0 && to - from >= suffix.Length && s.AsSpan(from).EndsWith(suffix, StringComparison.Ordinal))
            to -= suffix.Length;
        if (from == 0 && to == s.Length) return args[0].IsString ? args[0] : Value.String(s);
        return Value.String(s.Substring(from, to - from));
    }

    /// <summary>
    /// length(x): UTF-8 byte length of a string, element count of a list, byte count of a buffer, entry count of a
    /// map without text; other scalars by their text form; null → null.
    /// </summary>
    public static Value Length(ReadOnlySpan<Value> args)
    {
        var v = Args.At(args, 0);
        switch (v.Kind)
        {
            case ValueKind.Null: return Value.Null;
            case ValueKind.String: return Value.Number(Utf8Text.ByteCount(v.AsString));
            case ValueKind.List: return Value.Number(v.AsList.Count);
            case ValueKind.Bytes: return Value.Number(v.AsBytes.Length);
            case ValueKind.Map:
                {
                    var map = v.AsMap;
                    if (map.Text is { } text) return Value.Number(Utf8Text.ByteCount(text));
                    if (map is DictionaryValueMap d) return Value.Number(d.Count);
                    int count = 0;
                    foreach (var _ in map.Entries) count++;
                    return Value.Number(count);
                }
            default:
                var t = v.ToText();
                return t is null ? Value.Null : Value.Number(Utf8Text.ByteCount(t));
        }
    }
}
