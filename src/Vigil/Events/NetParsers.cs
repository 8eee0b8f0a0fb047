using System.Net;
using System.Net.Sockets;

namespace Vigil.Events;

/// <summary>Strict IP and MAC text parsers: IPAddress.TryParse accepts forms ("1", "0x7f.1") that no log means as an address.</summary>
public static class NetParsers
{
    public static bool TryParseIPv4(ReadOnlySpan<char> s, out IPAddress? ip)
    {
        ip = null;
        int parts = 0, i = 0;
        Span<byte> b = stackalloc byte[4];
        while (parts < 4)
        {
            int start = i, v = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]) && i - start < 3) { v = v * 10 + (s[i] - '0'); i++; }
            if (i == start || v > 255) return false;
            b[parts++] = (byte)v;
            if (parts < 4)
            {
                if (i >= s.Length || s[i] != '.') return false;
                i++;
            }
        }
        if (i != s.Length) return false;
        ip = new IPAddress(b);
        return true;
    }

    public static bool TryParseIPv6(ReadOnlySpan<char> s, out IPAddress? ip)
    {
        ip = null;
        if (s.IndexOf(':') < 0) return false;
        foreach (char c in s)
            if (!(char.IsAsciiHexDigit(c) || c == ':' || c == '.' || c == '%' || char.IsAsciiLetterOrDigit(c))) return false;
        if (!IPAddress.TryParse(s, out var a) || a.AddressFamily != AddressFamily.InterNetworkV6) return false;
        ip = a;
        return true;
    }

    /// <summary>Validation without building an <see cref="IPAddress"/> (hot path: every captured or assigned IP).</summary>
    public static bool IsIPv4(ReadOnlySpan<char> s)
    {
        int parts = 0, i = 0;
        while (parts < 4)
        {
            int start = i, v = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]) && i - start < 3) { v = v * 10 + (s[i] - '0'); i++; }
            if (i == start || v > 255) return false;
            parts++;
            if (parts < 4)
            {
                if (i >= s.Length || s[i] != '.') return false;
                i++;
            }
        }
        return i == s.Length;
    }

    public static bool IsIPv6(ReadOnlySpan<char> s)
    {
        if (s.IndexOf(':') < 0) return false;
        foreach (char c in s)
            if (!(char.IsAsciiHexDigit(c) || c == ':' || c == '.' || c == '%' || char.IsAsciiLetterOrDigit(c))) return false;
        return IPAddress.IsValid(s) && !IsIPv4(s);
    }

    public static bool IsIp(ReadOnlySpan<char> s) => IsIPv4(s) || IsIPv6(s);

    public static bool TryParseIp(ReadOnlySpan<char> s, out IPAddress? ip)
    {
        s = s.Trim();
        return TryParseIPv4(s, out ip) || TryParseIPv6(s, out ip);
    }

    /// <summary>aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or aabb.ccdd.eeff, any case.</summary>
    public static bool TryParseMac(ReadOnlySpan<char> s, out long mac)
    {
        mac = 0;
        s = s.Trim();
        int nibbles = 0;
        if (s.Length == 17 && (s[2] == ':' || s[2] == '-'))
        {
            char sep = s[2];
            for (int i = 0; i < 17; i++)
            {
                if (i % 3 == 2) { if (s[i] != sep) return false; continue; }
                if (!char.IsAsciiHexDigit(s[i])) return false;
                mac = (mac << 4) | (long)HexValue(s[i]);
                nibbles++;
            }
        }
        else if (s.Length == 14 && s[4] == '.' && s[9] == '.')
        {
            for (int i = 0; i < 14; i++)
            {
                if (i == 4 || i == 9) continue;
                if (!char.IsAsciiHexDigit(s[i])) return false;
                mac = (mac << 4) | (long)HexValue(s[i]);
                nibbles++;
            }
        }
        else return false;
        return nibbles == 12;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
