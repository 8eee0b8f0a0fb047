using System.Buffers;
using System.Text.Json;

namespace Vigil.Normalization.Inputs;

/// <summary>
/// One pass over a JSON object that records each top-level member as byte ranges in a <see cref="Utf8KeyIndex"/>,
/// without building a JsonDocument. Flat Windows exports (nxlog, the flat TimeCreated export) are read only by
/// top-level key, so a document is work nobody reads; and the record was already checked to be valid UTF-8, so
/// strings need only be searched for their closing quote (vectorized) instead of validated byte by byte.
/// Strict JSON (RFC 8259 grammar, as JsonDocument's defaults): anything it does not accept — bad syntax, escaped
/// member names, nesting near the depth limit — returns false, and the caller parses with JsonDocument, which
/// also words the error when the input is bad.
/// </summary>
internal static class FlatJsonScanner
{
    // What ends a run of plain string bytes: the closing quote, an escape, or a control character (invalid in JSON).
    private static readonly SearchValues<byte> QuoteOrBackslash = SearchValues.Create([(byte)'"', (byte)'\\']);
    private static readonly SearchValues<byte> StringSpecials = SearchValues.Create(
        [(byte)'"', (byte)'\\', 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
         0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F]);

    /// <summary>Scans <c>buffer[0..length]</c>, a whole JSON object; on false the index is left cleared.</summary>
    public static bool TryScan(byte[] buffer, int length, Utf8KeyIndex index, int maxDepth)
    {
        index.Clear();
        index.UseBuffer(buffer);
        var json = buffer.AsSpan(0, length);
        // A record without control bytes (one line, the usual case) cannot have one inside a string, so strings
        // need only a search for quote or backslash, the cheapest vectorized search there is.
        var specials = json.IndexOfAnyInRange((byte)0x00, (byte)0x1F) < 0 ? QuoteOrBackslash : StringSpecials;
        if (!ScanObject(json, index, maxDepth, specials))
        {
            index.Clear();
            return false;
        }
        return true;
    }

    private static bool ScanObject(ReadOnlySpan<byte> s, Utf8KeyIndex index, int maxDepth, SearchValues<byte> specials)
    {
        int i = SkipWs(s, 0);
        if (i >= s.Length || s[i] != (byte)'{') return false;
        i = SkipWs(s, i + 1);
        if (i < s.Length && s[i] == (byte)'}') return SkipWs(s, i + 1) == s.Length;
        while (true)
        {
            if (i >= s.Length || s[i] != (byte)'"') return false;
            int nameStart = i + 1;
            int nameEnd = StringEnd(s, nameStart, specials, out bool escaped);
            if (nameEnd < 0 || escaped) return false; // escaped names are rare: the document path unescapes them
            i = SkipWs(s, nameEnd + 1);
            if (i >= s.Length || s[i] != (byte)':') return false;
            i = SkipWs(s, i + 1);
            int valueStart = i;
            if (!Value(s, ref i, 1, maxDepth, specials, out var kind)) return false;
            index.AddSpan(nameStart, nameEnd - nameStart, valueStart, i - valueStart, kind);
            i = SkipWs(s, i);
            if (i >= s.Length) return false;
            if (s[i] == (byte)',')
            {
                i = SkipWs(s, i + 1);
                continue;
            }
            if (s[i] != (byte)'}') return false;
            return SkipWs(s, i + 1) == s.Length;
        }
    }

    /// <summary>One value at <paramref name="i"/> (already past blanks); on success <paramref name="i"/> is just after it.</summary>
    private static bool Value(ReadOnlySpan<byte> s, ref int i, int depth, int maxDepth, SearchValues<byte> specials, out JsonValueKind kind)
    {
        kind = JsonValueKind.Undefined;
        if (i >= s.Length) return false;
        switch (s[i])
        {
            case (byte)'"':
                {
                    int end = StringEnd(s, i + 1, specials, out _);
                    if (end < 0) return false;
                    i = end + 1;
                    kind = JsonValueKind.String;
                    return true;
                }
            case (byte)'{':
            case (byte)'[':
                // Leave deep nesting to the document, which enforces (and words) the depth limit.
                if (depth + 1 >= maxDepth) return false;
                kind = s[i] == (byte)'{' ? JsonValueKind.Object : JsonValueKind.Array;
                return kind == JsonValueKind.Object ? NestedObject(s, ref i, depth + 1, maxDepth, specials) : NestedArray(s, ref i, depth + 1, maxDepth, specials);
            case (byte)'t':
                kind = JsonValueKind.True;
                return Literal(s, ref i, "true"u8);
            case (byte)'f':
                kind = JsonValueKind.False;
                return Literal(s, ref i, "false"u8);
            case (byte)'n':
                kind = JsonValueKind.Null;
                return Literal(s, ref i, "null"u8);
            default:
                kind = JsonValueKind.Number;
                return Number(s, ref i);
        }
    }

    private static bool NestedObject(ReadOnlySpan<byte> s, ref int i, int depth, int maxDepth, SearchValues<byte> specials)
    {
        i = SkipWs(s, i + 1);
        if (i < s.Length && s[i] == (byte)'}')
        {
            i++;
            return true;
        }
        while (true)
        {
            if (i >= s.Length || s[i] != (byte)'"') return false;
            int end = StringEnd(s, i + 1, specials, out _);
            if (end < 0) return false;
            i = SkipWs(s, end + 1);
            if (i >= s.Length || s[i] != (byte)':') return false;
            i = SkipWs(s, i + 1);
            if (!Value(s, ref i, depth, maxDepth, specials, out _)) return false;
            i = SkipWs(s, i);
            if (i >= s.Length) return false;
            if (s[i] == (byte)',')
            {
                i = SkipWs(s, i + 1);
                continue;
            }
            if (s[i] != (byte)'}') return false;
            i++;
            return true;
        }
    }

    private static bool NestedArray(ReadOnlySpan<byte> s, ref int i, int depth, int maxDepth, SearchValues<byte> specials)
    {
        i = SkipWs(s, i + 1);
        if (i < s.Length && s[i] == (byte)']')
        {
            i++;
            return true;
        }
        while (true)
        {
            if (!Value(s, ref i, depth, maxDepth, specials, out _)) return false;
            i = SkipWs(s, i);
            if (i >= s.Length) return false;
            if (s[i] == (byte)',')
            {
                i = SkipWs(s, i + 1);
                continue;
            }
            if (s[i] != (byte)']') return false;
            i++;
            return true;
        }
    }

    /// <summary>Index of the closing quote of a string whose text starts at <paramref name="start"/>, or -1 if it is not valid JSON text.</summary>
    private static int StringEnd(ReadOnlySpan<byte> s, int start, SearchValues<byte> specials, out bool escaped)
    {
        escaped = false;
        int i = start;
        while (true)
        {
            int k = s[i..].IndexOfAny(specials);
            if (k < 0) return -1;
            i += k;
            byte c = s[i];
            if (c == (byte)'"') return i;
            if (c != (byte)'\\') return -1; // a raw control character
            escaped = true;
            if (i + 1 >= s.Length) return -1;
            switch (s[i + 1])
            {
                case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                    i += 2;
                    break;
                case (byte)'u':
                    if (i + 6 > s.Length || !char.IsAsciiHexDigit((char)s[i + 2]) || !char.IsAsciiHexDigit((char)s[i + 3])
                        || !char.IsAsciiHexDigit((char)s[i + 4]) || !char.IsAsciiHexDigit((char)s[i + 5]))
                        return -1;
                    i += 6;
                    break;
                default:
                    return -1;
            }
        }
    }

    private static bool Literal(ReadOnlySpan<byte> s, ref int i, ReadOnlySpan<byte> word)
    {
        if (!s[i..].StartsWith(word)) return false;
        i += word.Length;
        return true;
    }

    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? ; what follows is checked by the caller (',', '}', ']' or blank).
    private static bool Number(ReadOnlySpan<byte> s, ref int i)
    {
        int k = i;
        if (k < s.Length && s[k] == (byte)'-') k++;
        if (k >= s.Length) return false;
        if (s[k] == (byte)'0') k++;
        else if (char.IsAsciiDigit((char)s[k])) k = Digits(s, k);
        else return false;
        if (k < s.Length && s[k] == (byte)'.')
        {
            int d = Digits(s, k + 1);
            if (d == k + 1) return false;
            k = d;
        }
        if (k < s.Length && (s[k] == (byte)'e' || s[k] == (byte)'E'))
        {
            k++;
            if (k < s.Length && (s[k] == (byte)'+' || s[k] == (byte)'-')) k++;
            int d = Digits(s, k);
            if (d == k) return false;
            k = d;
        }
        i = k;
        return true;
    }

    private static int Digits(ReadOnlySpan<byte> s, int k)
    {
        while (k < s.Length && char.IsAsciiDigit((char)s[k])) k++;
        return k;
    }

    private static int SkipWs(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && s[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') i++;
        return i;
    }
}
