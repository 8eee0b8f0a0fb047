using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Runtime.InteropServices;
using System.Text.Unicode;

namespace Vigil.Normalization.Inputs;

/// <summary>
/// Decodes JSON string tokens straight from their raw UTF-8, trimmed. Windows paths make most event strings
/// carry escapes (<c>C:\\Windows</c>), and <see cref="JsonElement.GetString"/> then unescapes through a rented
/// buffer per call; doing it here into a per-thread buffer removes that pool traffic from the hot path.
/// </summary>
internal static class JsonText
{
    [ThreadStatic] private static byte[]? t_buffer;

    /// <summary>The string value of a JSON string element, trimmed of surrounding whitespace.</summary>
    public static string DecodeTrimmed(JsonElement e) => DecodeTrimmed(JsonMarshal.GetRawUtf8Value(e));

    /// <summary>The string value of a JSON string element as written (not trimmed), shared when it repeats.</summary>
    public static string Decode(JsonElement e) => Decode(JsonMarshal.GetRawUtf8Value(e));

    /// <summary>A JSON string token (with its quotes) decoded and trimmed.</summary>
    public static string DecodeTrimmed(ReadOnlySpan<byte> token)
    {
        var raw = token[1..^1]; // quotes
        int bs = raw.IndexOf((byte)'\\');
        if (bs < 0) return TrimmedUtf8(raw);
        var buffer = Scratch(raw.Length);
        int n = Unescape(raw, bs, buffer);
        if (n < 0) return FrameworkDecode(token).Trim(); // malformed escape: let the framework report it its own way
        return TrimmedUtf8(buffer.AsSpan(0, n));
    }

    /// <summary>A JSON string token (with its quotes) decoded as written, shared when it repeats.</summary>
    public static string Decode(ReadOnlySpan<byte> token)
    {
        var raw = token[1..^1]; // quotes
        int bs = raw.IndexOf((byte)'\\');
        if (bs < 0) return RecentStrings.Get(raw);
        var buffer = Scratch(raw.Length);
        int n = Unescape(raw, bs, buffer);
        return n < 0 ? FrameworkDecode(token) : RecentStrings.Get(buffer.AsSpan(0, n));
    }

    private static byte[] Scratch(int length)
    {
        var buffer = t_buffer;
        if (buffer is null || buffer.Length < length) t_buffer = buffer = new byte[Math.Max(4096, length)];
        return buffer;
    }

    private static string FrameworkDecode(ReadOnlySpan<byte> token)
    {
        var reader = new Utf8JsonReader(token);
        reader.Read();
        return reader.GetString()!;
    }

    private static string TrimmedUtf8(ReadOnlySpan<byte> utf8)
    {
        int start = 0, end = utf8.Length;
        while (start < end && IsSpace(utf8[start])) start++;
        while (end > start && IsSpace(utf8[end - 1])) end--;
        return RecentStrings.Get(utf8[start..end]);
    }

    // ASCII whitespace only; a value starting or ending in a non-ASCII space is rare and kept as is.
    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f' or (byte)'\v';

    /// <summary>Unescapes JSON escapes into <paramref name="dest"/>; the first backslash is at <paramref name="firstEscape"/>. -1 when malformed.</summary>
    private static int Unescape(ReadOnlySpan<byte> src, int firstEscape, Span<byte> dest)
    {
        src[..firstEscape].CopyTo(dest);
        int d = firstEscape;
        for (int i = firstEscape; i < src.Length; i++)
        {
            if (src[i] != (byte)'\\')
            {
                // Copy the whole run up to the next escape at once: paths are long runs between single escapes.
                int run = src[i..].IndexOf((byte)'\\');
                if (run < 0) run = src.Length - i;
                src.Slice(i, run).CopyTo(dest[d..]);
                d += run;
                i += run - 1;
                continue;
            }
            if (++i >= src.Length) return -1;
            switch (src[i])
            {
                case (byte)'"': dest[d++] = (byte)'"'; break;
                case (byte)'\\': dest[d++] = (byte)'\\'; break;
                case (byte)'/': dest[d++] = (byte)'/'; break;
                case (byte)'b': dest[d++] = (byte)'\b'; break;
                case (byte)'f': dest[d++] = (byte)'\f'; break;
                case (byte)'n': dest[d++] = (byte)'\n'; break;
                case (byte)'r': dest[d++] = (byte)'\r'; break;
                case (byte)'t': dest[d++] = (byte)'\t'; break;
                case (byte)'u':
                    {
                        if (i + 4 >= src.Length || !TryHex4(src.Slice(i + 1, 4), out int cp)) return -1;
                        i += 4;
                        if (char.IsHighSurrogate((char)cp) && i + 6 < src.Length && src[i + 1] == '\\' && src[i + 2] == 'u'
                            && TryHex4(src.Slice(i + 3, 4), out int low) && char.IsLowSurrogate((char)low))
                        {
                            cp = char.ConvertToUtf32((char)cp, (char)low);
                            i += 6;
                        }
                        else if (char.IsSurrogate((char)cp)) cp = 0xFFFD; // a lone surrogate cannot be UTF-8
                        var rune = new Rune(cp);
                        d += rune.EncodeToUtf8(dest[d..]);
                        break;
                    }
                default: return -1;
            }
        }
        return d;
    }

    private static bool TryHex4(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (byte c in s)
        {
            int v = c switch
            {
                >= (byte)'0' and <= (byte)'9' => c - '0',
                >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
                _ => -1,
            };
            if (v < 0) return false;
            value = value * 16 + v;
        }
        return true;
    }
}
