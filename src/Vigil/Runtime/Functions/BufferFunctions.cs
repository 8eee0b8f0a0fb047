using System.Text;
using Vigil.Events;

namespace Vigil.Runtime;

/// <summary>buffer_from_base64 and decode: base64 text → bytes → text.</summary>
internal static class BufferFunctions
{
    /// <summary>
    /// buffer_from_base64(s): the decoded bytes (a buffer value), or null when s is not base64. Whitespace is ignored,
    /// missing '=' padding and the URL-safe alphabet (-_) are accepted, as encoders in logs vary.
    /// </summary>
    public static Value BufferFromBase64(ReadOnlySpan<Value> args)
    {
        if (!Args.Text(args, 0, out var s)) return Value.Null;
        var text = s.AsSpan().Trim();
        if (text.IsEmpty) return Value.Bytes(Array.Empty<byte>());
        var bytes = new byte[text.Length * 3 / 4 + 3];
        if (Convert.TryFromBase64Chars(text, bytes, out int written)) return Value.Bytes(Exact(bytes, written));

        // Slow path: normalise the alphabet and padding, then retry.
        var sb = new StringBuilder(text.Length + 3);
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c) || c == '=') continue;
            sb.Append(c switch { '-' => '+', '_' => '/', _ => c });
        }
        if (sb.Length % 4 == 1) return Value.Null;
        while (sb.Length % 4 != 0) sb.Append('=');
        return Convert.TryFromBase64String(sb.ToString(), bytes, out written) ? Value.Bytes(Exact(bytes, written)) : Value.Null;
    }

    private static byte[] Exact(byte[] buffer, int length) => length == buffer.Length ? buffer : buffer.AsSpan(0, length).ToArray();

    /// <summary>
    /// decode(buf, encoding): bytes → text. Encodings: UTF-8; UCS2-LE / UTF-16LE / UTF-16 / UCS-2 (little endian);
    /// UTF-16BE / UCS2-BE; ASCII; Latin-1 (ISO-8859-1); names compared ignoring case, '-' and '_'. Invalid sequences
    /// decode to U+FFFD. A string argument is taken as its UTF-8 bytes. Unknown encoding or no buffer → null.
    /// </summary>
    public static Value Decode(ReadOnlySpan<Value> args)
    {
        var v = Args.At(args, 0);
        if (!Args.Text(args, 1, out var name)) return Value.Null;
        var encoding = Resolve(name);
        if (encoding is null) return Value.Null;
        byte[] bytes;
        if (v.Kind == ValueKind.Bytes) bytes = v.AsBytes;
        else if (v.Kind == ValueKind.String) bytes = Encoding.UTF8.GetBytes(v.AsString);
        else return Value.Null;
        return Value.String(encoding.GetString(bytes));
    }

    private static Encoding? Resolve(string name)
    {
        Span<char> key = stackalloc char[16];
        int n = 0;
        foreach (char c in name)
        {
            if (c is '-' or '_' or ' ') continue;
            if (n == key.Length) return null;
            key[n++] = char.ToLowerInvariant(c);
        }
        return key[..n] switch
        {
            "utf8" => Encoding.UTF8,
            "ucs2le" or "ucs2" or "utf16le" or "utf16" or "unicode" => Encoding.Unicode,
            "ucs2be" or "utf16be" => Encoding.BigEndianUnicode,
            "ascii" or "usascii" => Encoding.ASCII,
            "latin1" or "iso88591" => Encoding.Latin1,
            _ => null,
        };
    }
}
