using Vigil.Events;
using static Vigil.Tests.Runtime.Fn;

namespace Vigil.Tests.Runtime;

public class ListFunctionTests
{
    [Fact]
    public void In_list_uses_equality_semantics_including_numbers_against_numeric_strings()
    {
        Assert.True(Bool("in_list", L(N(2), N(7), N(10)), N(7)));
        Assert.True(Bool("in_list", L(N(3), N(8), N(10)), S("3")));
        Assert.True(Bool("in_list", L(S("41"), S("359")), S("359")));
        Assert.False(Bool("in_list", L(S("groupmod"), S("gpasswd")), S("useradd")));
        Assert.False(Bool("in_list", L(S("A")), S("a")));
    }

    [Fact]
    public void In_list_matches_null_items_against_null()
    {
        Assert.True(Bool("in_list", L(S("0"), Null), Null));
        Assert.False(Bool("in_list", L(S("0")), Null));
        Assert.False(Bool("in_list", Null, S("x")));
        Assert.False(Bool("in_list", S("x"), S("x")));
    }

    [Fact]
    public void Coalesce_returns_the_first_non_null_argument()
    {
        Assert.Equal("b", Str("coalesce", Null, S("b"), S("c")));
        Assert.Equal("", Str("coalesce", S(""), S("b")));
        Assert.Equal(5, Num("coalesce", Null, Null, Null, N(5)));
        Assert.True(Call("coalesce", Null, Null).IsNull);
        Assert.True(Call("coalesce", Null).IsNull);
    }

    [Fact]
    public void Join_joins_text_forms_and_renders_nulls_as_empty_items()
    {
        Assert.Equal("pushkin|ipconfig", Str("join", L(S("pushkin"), S("ipconfig")), S("|")));
        Assert.Equal("a||c|", Str("join", L(S("a"), Null, S("c"), Null), S("|")));
        Assert.Equal("1 2", Str("join", L(N(1), N(2)), S(" ")));
        Assert.Equal("", Str("join", L(), S(",")));
        Assert.Equal("x", Str("join", L(S("x")), S(",")));
        Assert.Equal("abc", Str("join", L(S("a"), S("b"), S("c")), S("")));
        Assert.Null(Str("join", Null, S(",")));
        Assert.Null(Str("join", L(S("a")), Null));
        Assert.Equal("solo", Str("join", S("solo"), S(",")));
    }

    [Fact]
    public void Join_of_remove_null_rebuilds_auditd_execve_arguments()
    {
        // AUD/syscall_process_start: join(remove([$a0, $a1, ...], null), " ")
        var args = L(S("ls"), S("-la"), Null, Null);
        Assert.Equal("ls -la", Str("join", Call("remove", args, Null), S(" ")));
    }

    [Fact]
    public void Append_returns_a_new_list_and_starts_one_from_null()
    {
        var list = L(S("a"), S("b"), S("c"));
        Assert.Equal(new[] { "a", "b", "c", "d" }, Items(Call("append", list, S("d"))));
        Assert.Equal(3, list.AsList.Count);
        Assert.Equal(new[] { "d" }, Items(Call("append", Null, S("d"))));
        Assert.Equal(new[] { "x", null }, Items(Call("append", S("x"), Null)));
    }

    [Fact]
    public void Remove_drops_every_equal_item_and_keeps_the_list_when_nothing_matches()
    {
        Assert.Equal(new[] { "a", "c" }, Items(Call("remove", L(S("a"), S("d"), S("c"), S("d")), S("d"))));
        Assert.Equal(new[] { "a", "c" }, Items(Call("remove", L(S("a"), Null, S("c"), Null), Null)));
        var list = L(S("a"));
        Assert.Same(list.AsList, Call("remove", list, S("z")).AsList);
        Assert.True(Call("remove", Null, S("a")).IsNull);
    }

    [Fact]
    public void Is_list_tells_lists_apart()
    {
        Assert.True(Bool("is_list", L(S("a"))));
        Assert.False(Bool("is_list", S("a")));
        Assert.False(Bool("is_list", Null));
    }
}
