using Vigil.Events;
using static Vigil.Tests.Runtime.Fn;

namespace Vigil.Tests.Runtime;

public class ConversionFunctionTests
{
    [Fact]
    public void String_gives_the_text_form_of_scalars()
    {
        Assert.Equal("-245", Str("string", N(-245)));
        Assert.Equal("true", Str("string", Value.True));
        Assert.Equal("2017-08-30T22:50:07.317Z", Str("string", Call("datetime", S("2017-08-30 22:50:07.317"))));
        Assert.Equal("192.168.0.1", Str("string", Value.Ip(System.Net.IPAddress.Parse("192.168.0.1"))));
        Assert.Equal("text", Str("string", S("text")));
        Assert.Null(Str("string", Null));
        Assert.Null(Str("string", L(S("a"))));
    }

    [Fact]
    public void Number_parses_decimal_integers_and_rejects_the_rest()
    {
        Assert.Equal(-245, Num("number", S("-245")));
        Assert.Equal(1575617742, Num("number", S("1575617742")));
        Assert.Equal(42, Num("number", S(" 42 ")));
        Assert.Equal(7, Num("number", N(7)));
        Assert.Null(Num("number", S("1.5")));
        Assert.Null(Num("number", S("0x10")));
        Assert.Null(Num("number", S("")));
        Assert.Null(Num("number", S("99999999999999999999")));
        Assert.Null(Num("number", Null));
        Assert.Equal(-245, Num("maybe_number", S("-245")));
        Assert.Null(Num("maybe_number", S("abc")));
    }

    [Fact]
    public void Maybe_number16_parses_hex_logon_ids()
    {
        Assert.Equal(999, Num("maybe_number16", S("0x3e7")));
        Assert.Equal(999, Num("number16", S("0x3E7")));
        Assert.Equal(-9310, Num("number16", S("-245e")));
        Assert.Equal(4294967295, Num("number16", S("ffffffff")));
        Assert.Equal(80, Num("number16", S("0050")));
        Assert.Equal(-1, Num("number16", S("ffffffffffffffff")));
        Assert.Null(Num("number16", S("1ffffffffffffffff")));
        Assert.Null(Num("maybe_number16", S("0x")));
        Assert.Null(Num("maybe_number16", S("xyz")));
        Assert.Null(Num("maybe_number16", S("")));
        Assert.Null(Num("maybe_number16", Null));
    }

    [Fact]
    public void Number16_reproduces_the_auditd_setid_values()
    {
        // AUD/syscall_process_setids: string(number16(a0)) then replace(..., "x", "4294967295").
        var text = Call("string", Call("number16", S("ffffffff")));
        Assert.Equal("x", Str("replace", text, S("x"), S("4294967295")));
    }

    [Fact]
    public void Number8_parses_octal()
    {
        Assert.Equal(-165, Num("number8", S("-245")));
        Assert.Equal(493, Num("maybe_number8", S("0755")));
        Assert.Null(Num("number8", S("8")));
        Assert.Null(Num("maybe_number8", Null));
    }

    [Fact]
    public void Bool_follows_the_vendor_truth_table()
    {
        Assert.True(Bool("bool", S("tRuE")));
        Assert.True(Bool("bool", N(12)));
        Assert.True(Bool("bool", S("yes")));
        Assert.True(Bool("bool", Value.True));
        Assert.False(Bool("bool", S("")));
        Assert.False(Bool("bool", Null));
        Assert.False(Bool("bool", S("0")));
        Assert.False(Bool("bool", S("false")));
        Assert.False(Bool("bool", S("False")));
        Assert.False(Bool("bool", N(0)));
        Assert.False(Bool("bool", Value.False));
    }

    [Fact]
    public void Hex_to_string_decodes_auditd_proctitle_keeping_nul_separators()
    {
        // "/usr/bin/python3\0-c" as auditd writes it.
        Assert.Equal("/usr/bin/python3\0-c", Str("hex_to_string", S("2F7573722F62696E2F707974686F6E33002D63")));
        Assert.Equal("root", Str("hex_to_string", S("726f6f74")));
        Assert.Equal("пароль", Str("hex_to_string", S("D0BFD0B0D180D0BED0BBD18C")));
        var proctitle = Call("hex_to_string", S("2F7573722F62696E2F707974686F6E33002D63"));
        Assert.Equal("/usr/bin/python3 -c", Str("replace", proctitle, S(" "), S("\u0000")));
    }

    [Fact]
    public void Hex_to_string_returns_its_input_unchanged_when_not_valid_even_length_hex()
    {
        Assert.Equal("\"root\"", Str("hex_to_string", S("\"root\"")));
        Assert.Equal("abc", Str("hex_to_string", S("abc")));
        Assert.Equal("unset", Str("hex_to_string", S("unset")));
        Assert.Equal("12G4", Str("hex_to_string", S("12G4")));
        Assert.Equal("", Str("hex_to_string", S("")));
        Assert.Null(Str("hex_to_string", Null));
    }

    [Fact]
    public void Hex_to_string_returns_its_input_when_the_bytes_end_in_a_cut_utf8_character()
    {
        // AUD/syscall_process_start test 7: a 256-digit proctitle ends in half of "я" (D1 8F); the formula
        // detects the unchanged result and retries with substr(proctitle, 0, 254).
        const string cut = "6C7320D18FD18FD1";
        Assert.Equal(cut, Str("hex_to_string", S(cut)));
        var retry = Call("substr", S(cut), N(0), N(14));
        Assert.Equal("ls яя", Str("hex_to_string", retry));
    }

    [Fact]
    public void Div_and_mod_are_integer_operations_and_null_on_zero()
    {
        Assert.Equal(6, Num("div", N(12), N(2)));
        Assert.Equal(1, Num("div", N(12), N(7)));
        Assert.Equal(-3, Num("div", N(-7), N(2)));
        Assert.Equal(5, Num("mod", N(12), N(7)));
        Assert.Equal(0, Num("mod", N(12), N(2)));
        Assert.Equal(2, Num("mod", N(2), N(7)));
        Assert.Equal(-1, Num("mod", N(-7), N(2)));
        Assert.Equal(1, Num("div", S("3735"), N(3600)));
        Assert.Null(Num("div", N(1), N(0)));
        Assert.Null(Num("mod", N(1), N(0)));
        Assert.Null(Num("div", Null, N(2)));
        Assert.Null(Num("mod", S("x"), N(2)));
        Assert.Equal(long.MinValue, Num("div", N(long.MinValue), N(-1)));
        Assert.Equal(0, Num("mod", N(long.MinValue), N(-1)));
    }

    [Fact]
    public void Flip_endianness_swaps_bytes_at_each_width()
    {
        Assert.Equal(1, Num("flip_endianness16", S("256")));
        Assert.Equal(65536, Num("flip_endianness32", S("256")));
        Assert.Equal(281474976710656, Num("flip_endianness64", S("256")));
        Assert.Equal(0x5000, Num("flip_endianness16", N(0x50)));
        Assert.Equal(0xFF000000, Num("flip_endianness32", N(0xFF)));
        Assert.Null(Num("flip_endianness16", Null));
        Assert.Null(Num("flip_endianness32", S("x")));
    }
}
