using System.Net;
using System.Net.Sockets;
using Vigil.Events;

namespace Vigil.Runtime;

/// <summary>ipv4, ipv6, maybe_ipv4, maybe_ipv6, in_subnet, macaddr, maybe_macaddr.</summary>
internal static class NetworkFunctions
{
    /// <summary>
    /// ipv4(s) / maybe_ipv4(s): s when it is a dotted-quad IPv4 address, else null. The text is returned as given
    /// (trimmed), not re-formatted: writing it to an ip field canonicalises it anyway, and formulas inspect the text
    /// they passed in (see <see cref="Ipv6"/>). An ip value of the right family passes through.
    /// </summary>
    public static Value Ipv4(ReadOnlySpan<Value> args) => ParseIp(Args.At(args, 0), AddressFamily.InterNetwork);

    /// <summary>
    /// ipv6(s) / maybe_ipv6(s): s when it is an IPv6 address, else null; the text is kept as written.
    /// Evidence: AUD/syscall_sockets builds <c>$ip = ipv6("0000:…:FFFF:0A7E:FF03")</c> and then tests
    /// <c>substr($ip, 0, 30) == "0000:0000:0000:0000:0000:FFFF:"</c> to detect IPv4-mapped addresses; its test 6
    /// expects the IPv4 result, which a canonicalised "::ffff:…" could not produce.
    /// </summary>
    public static Value Ipv6(ReadOnlySpan<Value> args) => ParseIp(Args.At(args, 0), AddressFamily.InterNetworkV6);

    private static Value ParseIp(in Value v, AddressFamily family)
    {
        if (v.Kind == ValueKind.Ip) return v.AsIp.AddressFamily == family ? v : Value.Null;
        // Text only (an XML element counts by its text): a number is never an address.
        var s = v.Kind == ValueKind.String ? v.AsString : v.Kind == ValueKind.Map ? v.AsMap.Text : null;
        if (s is null) return Value.Null;
        var t = s.AsSpan().Trim();
        bool ok = family == AddressFamily.InterNetwork ? IsIPv4(t) : NetParsers.TryParseIPv6(t, out _);
        if (!ok) return Value.Null;
        return t.Length == s.Length && v.Kind == ValueKind.String ? v : Value.String(t.ToString());
    }

    private static bool IsIPv4(ReadOnlySpan<char> s) => TryParseIPv4(s, out _);

    /// <summary>Allocation-free strict dotted-quad parser (same grammar as <see cref="NetParsers.TryParseIPv4"/>).</summary>
    internal static bool TryParseIPv4(ReadOnlySpan<char> s, out uint address)
    {
        address = 0;
        int i = 0;
        for (int part = 0; part < 4; part++)
        {
            int start = i, v = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]) && i - start < 3) { v = v * 10 + (s[i] - '0'); i++; }
            if (i == start || v > 255) return false;
            address = (address << 8) | (uint)v;
            if (part < 3)
            {
                if (i >= s.Length || s[i] != '.') return false;
                i++;
            }
        }
        return i == s.Length;
    }

    /// <summary>
    /// in_subnet(ip, cidr): whether ip (an ip value or its text) lies in cidr ("10.0.0.0/8", "fd00::/8"; a bare
    /// address means /32 or /128; a backslash separator as in the vendor docs' example is accepted). IPv4-mapped IPv6
    /// addresses match IPv4 networks. Null, an unparsable address or network → null; other family → false.
    /// </summary>
    public static Value InSubnet(ReadOnlySpan<Value> args)
    {
        if (!Args.Text(args, 1, out var cidr)) return Value.Null;
        var ipArg = Args.At(args, 0);
        Span<byte> ip = stackalloc byte[16];
        int ipLen;
        if (ipArg.Kind == ValueKind.Ip)
        {
            if (!ipArg.AsIp.TryWriteBytes(ip, out ipLen)) return Value.Null;
        }
        else if (Args.Text(args, 0, out var ipText))
        {
            if (!TryParseAddress(ipText.AsSpan().Trim(), ip, out ipLen)) return Value.Null;
        }
        else return Value.Null;

        var c = cidr.AsSpan().Trim();
        int slash = c.IndexOfAny('/', '\\');
        var netText = slash < 0 ? c : c[..slash];
        Span<byte> net = stackalloc byte[16];
        if (!TryParseAddress(netText, net, out int netLen)) return Value.Null;
        int prefix = netLen * 8;
        if (slash >= 0 && (!int.TryParse(c[(slash + 1)..], System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > netLen * 8))
            return Value.Null;

        // Compare an IPv4-mapped IPv6 address (::ffff:a.b.c.d) against IPv4 networks by its last four bytes.
        if (ipLen == 16 && netLen == 4 && IsV4Mapped(ip)) { ip[12..16].CopyTo(ip); ipLen = 4; }
        if (ipLen != netLen) return Value.False;
        return Value.Bool(PrefixEquals(ip[..ipLen], net[..netLen], prefix));
    }

    private static bool IsV4Mapped(ReadOnlySpan<byte> a) =>
        a[..10].IndexOfAnyExcept((byte)0) < 0 && a[10] == 0xFF && a[11] == 0xFF;

    private static bool TryParseAddress(ReadOnlySpan<char> s, Span<byte> dest, out int length)
    {
        if (TryParseIPv4(s, out uint v4))
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(dest, v4);
            length = 4;
            return true;
        }
        length = 0;
        // IPv6 is rare in rules; IPAddress parsing allocates, which is acceptable here.
        return NetParsers.TryParseIPv6(s, out var ip) && ip!.TryWriteBytes(dest, out length);
    }

    private static bool PrefixEquals(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int prefixBits)
    {
        int full = prefixBits / 8;
        if (!a[..full].SequenceEqual(b[..full])) return false;
        int rest = prefixBits % 8;
        if (rest == 0) return true;
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (a[full] & mask) == (b[full] & mask);
    }

    /// <summary>macaddr(s) / maybe_macaddr(s): aa:bb:cc:dd:ee:ff, aa-bb-…, aabb.ccdd.eeff → mac value (text AA:BB:…); else null.</summary>
    public static Value MacAddr(ReadOnlySpan<Value> args)
    {
        var v = Args.At(args, 0);
        if (v.Kind == ValueKind.Mac) return v;
        return Args.Text(args, 0, out var s) && NetParsers.TryParseMac(s, out long mac) ? Value.Mac(mac) : Value.Null;
    }
}
