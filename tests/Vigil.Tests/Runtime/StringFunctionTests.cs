using Vigil.Events;
using static Vigil.Tests.Runtime.Fn;

namespace Vigil.Tests.Runtime;

public class StringFunctionTests
{
    [Fact]
    public void Lower_and_upper_convert_unicode_and_pass_null_through()
    {
        Assert.Equal("c:\\windows\\system32\\services.exe", Str("lower", S("C:\\Windows\\System32\\Services.EXE")));
        Assert.Equal("привет", Str("lower", S("ПРИВЕТ")));
        Assert.Equal("SERVICES.EXE", Str("upper", S("services.exe")));
        Assert.Null(Str("lower", Null));
        Assert.Null(Str("upper", Null));
        Assert.Equal("42", Str("lower", N(42)));
        Assert.Null(Str("lower", L(S("A"))));
    }

    [Fact]
    public void Lower_returns_the_same_string_when_already_lower_case()
    {
        var input = S("already lower");
        var result = Call("lower", input);
        Assert.Same(input.AsString, result.AsString);
    }

    [Fact]
    public void Find_substr_returns_zero_based_byte_offset_or_null()
    {
        Assert.Equal(0, Num("find_substr", S("procdump_x64.exe -ma 4572"), S("procdump")));
        Assert.Null(Num("find_substr", S("procdump_x64.exe -ma 4572"), S("mimikatz")));
        Assert.Equal(3, Num("find_substr", S("abc.def"), S(".")));
        Assert.Equal(0, Num("find_substr", S("abc"), S("")));
        Assert.Null(Num("find_substr", Null, S("a")));
        Assert.Null(Num("find_substr", S("a"), Null));
    }

    [Fact]
    public void Find_substr_counts_bytes_of_non_ascii_text()
    {
        // "имя" is 6 UTF-8 bytes; the 4103 formulas search Russian payloads.
        Assert.Equal(7, Num("find_substr", S("имя=\"x\""), S("\"")));
        Assert.Equal(6, Num("find_substr", S("имяabc"), S("a")));
    }

    [Fact]
    public void Substr_takes_bytes_from_start_with_length_clipped()
    {
        Assert.Equal("radmi", Str("substr", S("superadmin"), N(4), N(5)));
        Assert.Equal("dmin", Str("substr", S("superadmin"), N(-4), N(5)));
        Assert.Equal("n", Str("substr", S("superadmin"), N(-1), N(1)));
        Assert.Equal("superadmin", Str("substr", S("superadmin"), N(0), N(100)));
        Assert.Equal("admin", Str("substr", S("superadmin"), N(5)));
        Assert.Equal("su", Str("substr", S("superadmin"), N(-50), N(2)));
    }

    [Fact]
    public void Substr_past_the_end_is_empty_and_bad_arguments_are_null()
    {
        Assert.Equal("", Str("substr", S("abc"), N(3), N(1)));
        Assert.Equal("", Str("substr", S("abc"), N(10), N(1)));
        Assert.Equal("", Str("substr", S("abc"), N(1), N(0)));
        Assert.Null(Str("substr", S("abc"), N(1), N(-1)));
        Assert.Null(Str("substr", Null, N(0), N(1)));
        Assert.Null(Str("substr", S("abc"), Null, N(1)));
        Assert.Null(Str("substr", S("abc"), S("x"), N(1)));
        Assert.Equal("b", Str("substr", S("abc"), S("1"), S("1")));
    }

    [Fact]
    public void Substr_uses_utf8_byte_offsets_for_non_ascii_text()
    {
        // "пароль" = 12 bytes; bytes 2..6 are "ар".
        Assert.Equal("ар", Str("substr", S("пароль"), N(2), N(4)));
        Assert.Equal("ль", Str("substr", S("пароль"), N(-4), N(4)));
        Assert.Equal("x", Str("substr", S("éx"), N(2), N(1)));
        // Cutting a two-byte character in half leaves a replacement character, never an exception.
        Assert.Equal("\uFFFD", Str("substr", S("é"), N(0), N(1)));
    }

    [Fact]
    public void Substr_decodes_auditd_socket_address_fields()
    {
        // AUD/syscall_sockets: saddr = family(4) port(4) address...
        var saddr = S("02000050C0A80001");
        Assert.Equal("0200", Str("substr", saddr, N(0), N(4)));
        Assert.Equal("0050", Str("substr", saddr, N(4), N(4)));
        Assert.Equal("C0", Str("substr", saddr, N(8), N(2)));
    }

    [Fact]
    public void Strip_removes_prefix_and_suffix_at_most_once()
    {
        Assert.Equal("Счастье есть", Str("strip", S("<<<<Счастье есть>>>>"), S("<<<<"), S(">>>>")));
        Assert.Equal("\"a\"", Str("strip", S("\"\"a\"\""), S("\""), S("\"")));
        Assert.Equal("8ABCD", Str("strip", S("{8ABCD}"), S("{"), S("}")));
        Assert.Equal("abc", Str("strip", S("abc"), S(""), S("")));
        Assert.Equal("abc", Str("strip", S("abc"), S("x"), S("y")));
        Assert.Equal("/usr/sbin/", Str("strip", S("/usr/sbin/sshd"), S(""), S("sshd")));
    }

    [Fact]
    public void Strip_never_removes_overlapping_prefix_and_suffix()
    {
        Assert.Equal("", Str("strip", S("\""), S("\""), S("\"")));
        Assert.Equal("", Str("strip", S("aa"), S("a"), S("a")));
        Assert.Equal("a", Str("strip", S("aaa"), S("a"), S("a")));
    }

    [Fact]
    public void Strip_of_null_is_null_and_a_null_prefix_or_suffix_strips_nothing()
    {
        Assert.Null(Str("strip", Null, S("{"), S("}")));
        Assert.Equal("x}", Str("strip", S("x}"), Null, S("{")));
        Assert.Equal("{x", Str("strip", S("{x"), S("}"), Null));
        Assert.Equal("/", Str("strip", S("/"), S(""), Null)); // es-logger filesystem_or_volume_searching test 1
    }

    [Fact]
    public void Strip_removes_the_sysmon_wmi_namespace_prefix()
    {
        // WEL/Sysmon/21: strip($temp, "\\\\\\\\.\\\\", "") — the literal is \\.\ after lexing.
        Assert.Equal("root\\subscription:X", Str("strip", S("\\\\.\\root\\subscription:X"), S("\\\\.\\"), S("")));
    }

    [Fact]
    public void Length_counts_string_bytes_list_items_and_is_null_for_null()
    {
        Assert.Equal(11, Num("length", S("Angry Birds")));
        Assert.Equal(3, Num("length", L(N(3), S("Angry"), S("Birds"))));
        Assert.Equal(12, Num("length", S("пароль")));
        Assert.Equal(0, Num("length", S("")));
        Assert.Null(Num("length", Null));
        Assert.Equal(3, Num("length", N(123)));
        Assert.Equal(2, Num("length", Value.Bytes(new byte[] { 1, 2 })));
        Assert.Equal(5, Num("len", S("hello")));
    }
}
