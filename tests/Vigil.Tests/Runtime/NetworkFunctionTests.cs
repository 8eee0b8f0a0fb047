using System.Net;
using Vigil.Events;
using static Vigil.Tests.Runtime.Fn;

namespace Vigil.Tests.Runtime;

public class NetworkFunctionTests
{
    [Fact]
    public void Maybe_ipv4_and_ipv6_validate_addresses()
    {
        Assert.Equal("10.0.0.1", Str("maybe_ipv4", S("10.0.0.1")));
        Assert.Null(Str("maybe_ipv4", S("-")));
        Assert.Null(Str("maybe_ipv4", S("::1")));
        Assert.Null(Str("maybe_ipv4", S("256.1.1.1")));
        Assert.Null(Str("maybe_ipv4", S("1")));
        Assert.Null(Str("maybe_ipv4", S("WORKSTATION")));
        Assert.Equal("::1", Str("maybe_ipv6", S("::1")));
        Assert.Equal("fe80::1", Str("maybe_ipv6", S(" fe80::1 ")));
        Assert.Null(Str("maybe_ipv6", S("10.0.0.1")));
        Assert.Null(Str("maybe_ipv6", S("host:name")));
        Assert.Null(Str("maybe_ipv4", Null));
        Assert.Null(Str("maybe_ipv6", Null));
    }

    [Fact]
    public void Ipv4_and_ipv6_return_the_address_text_or_null()
    {
        Assert.Equal("192.168.0.1", Str("ipv4", S("192.168.0.1")));
        Assert.Null(Str("ipv4", S("192.168.0")));
        Assert.Equal("211:DB8:0:0:8:800:200C:47A", Str("ipv6", S("211:DB8:0:0:8:800:200C:47A")));
        Assert.Null(Str("ipv6", S("nope")));
        var ip = Value.Ip(IPAddress.Parse("10.1.2.3"));
        Assert.Equal(ValueKind.Ip, Call("ipv4", ip).Kind);
        Assert.True(Call("ipv6", ip).IsNull);
    }

    [Fact]
    public void Ipv6_keeps_its_text_so_the_auditd_mapped_address_check_works()
    {
        // AUD/syscall_sockets test 6: substr(ipv6("0000:…:FFFF:0A7E:FF03"), 0, 30) == "0000:0000:0000:0000:0000:FFFF:"
        var ip = Call("ipv6", S("0000:0000:0000:0000:0000:FFFF:0A7E:FF03"));
        Assert.Equal("0000:0000:0000:0000:0000:FFFF:", Str("substr", ip, N(0), N(30)));
        var octets = new[] { "0A", "7E", "FF", "03" };
        var text = string.Join(".", octets.Select(o => Call("string", Call("number16", S(o))).AsString));
        Assert.Equal("10.126.255.3", Str("ipv4", S(text)));
    }

    [Fact]
    public void In_subnet_checks_ipv4_cidr_membership_for_strings_and_ip_values()
    {
        Assert.True(Bool("in_subnet", S("10.1.2.3"), S("10.0.0.0/8")));
        Assert.False(Bool("in_subnet", S("11.1.2.3"), S("10.0.0.0/8")));
        Assert.True(Bool("in_subnet", S("172.16.222.133"), S("172.16.222.0/24")));
        Assert.True(Bool("in_subnet", S("172.16.222.133"), S("172.16.222.0\\24")));
        Assert.True(Bool("in_subnet", S("192.168.1.255"), S("192.168.0.0/23")));
        Assert.False(Bool("in_subnet", S("192.168.2.0"), S("192.168.0.0/23")));
        Assert.True(Bool("in_subnet", S("8.8.8.8"), S("0.0.0.0/0")));
        Assert.True(Bool("in_subnet", S("10.0.0.1"), S("10.0.0.1")));
        Assert.True(Bool("in_subnet", Value.Ip(IPAddress.Parse("127.0.0.1")), S("127.0.0.0/8")));
    }

    [Fact]
    public void In_subnet_checks_ipv6_and_mapped_addresses()
    {
        Assert.True(Bool("in_subnet", S("fd00::1234"), S("fd00::/8")));
        Assert.False(Bool("in_subnet", S("fe80::1"), S("fd00::/8")));
        Assert.True(Bool("in_subnet", S("2001:db8::1"), S("2001:db8::/32")));
        Assert.True(Bool("in_subnet", S("::ffff:10.1.2.3"), S("10.0.0.0/8")));
        Assert.False(Bool("in_subnet", S("::1"), S("10.0.0.0/8")));
    }

    [Fact]
    public void In_subnet_is_null_for_null_or_invalid_input()
    {
        Assert.Null(Bool("in_subnet", Null, S("10.0.0.0/8")));
        Assert.Null(Bool("in_subnet", S("10.0.0.1"), Null));
        Assert.Null(Bool("in_subnet", S("not-an-ip"), S("10.0.0.0/8")));
        Assert.Null(Bool("in_subnet", S("10.0.0.1"), S("10.0.0.0/33")));
        Assert.Null(Bool("in_subnet", S("10.0.0.1"), S("10.0.0.0/x")));
        Assert.Null(Bool("in_subnet", S("10.0.0.1"), S("garbage")));
    }

    [Fact]
    public void Macaddr_accepts_three_notations_and_prints_upper_case_colon_form()
    {
        Assert.Equal("A1:F6:33:4D:21:56", Call("macaddr", S("a1-f6-33-4d-21-56")).ToText());
        Assert.Equal("A1:F6:33:4D:21:56", Call("maybe_macaddr", S("a1:f6:33:4d:21:56")).ToText());
        Assert.Equal("A1:F6:33:4D:21:56", Call("macaddr", S("a1f6.334d.2156")).ToText());
        Assert.Equal(ValueKind.Mac, Call("macaddr", S("a1-f6-33-4d-21-56")).Kind);
        Assert.True(Call("macaddr", S("a1-f6-33")).IsNull);
        Assert.True(Call("maybe_macaddr", Null).IsNull);
    }
}
