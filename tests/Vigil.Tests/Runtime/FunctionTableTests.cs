using System.Net;
using Vigil.Events;
using Vigil.Runtime;

namespace Vigil.Tests.Runtime;

public class FunctionTableTests
{
    // Every function the spec documents (normalization §7, correlation §3.1/§9.1).
    public static readonly TheoryData<string> Documented = new(
        "lower", "upper", "find_substr", "substr", "strip", "replace", "csv", "keyvalue", "length", "len", "in_list",
        "coalesce", "join", "append", "remove", "string", "number", "maybe_number", "number16", "maybe_number16",
        "number8", "maybe_number8", "hex_to_string", "maybe_ipv4", "maybe_ipv6", "ipv4", "ipv6", "in_subnet", "macaddr",
        "maybe_macaddr", "epoch_to_datetime", "epoch_ms_to_datetime", "datetime", "maybe_datetime", "datetime_to_epoch",
        "datetime_to_epoch_ms", "datetime_to_win_ticks", "win_ticks_to_datetime", "year", "month", "day", "hour",
        "minute", "second", "timezone", "duration", "maybe_duration", "div", "mod", "bool", "match", "regex", "is_list",
        "decode", "buffer_from_base64", "flip_endianness16", "flip_endianness32", "flip_endianness64");

    public static readonly TheoryData<string> Special = new(
        "submessage", "exec_query", "select_query_first", "regex_match", "insert_min", "insert_max", "insert_inc",
        "insert_dec", "min", "max", "avg", "median", "sum", "count");

    [Theory]
    [MemberData(nameof(Documented))]
    public void Every_documented_function_is_implemented(string name)
    {
        Assert.True(FunctionTable.TryGet(name, out var f));
        Assert.Equal(name, f!.Name);
        Assert.False(f.IsSpecial);
        Assert.NotNull(f.Implementation);
        Assert.True(f.IsPure);
        Assert.StartsWith(name + "(", f.Signature);
    }

    [Theory]
    [MemberData(nameof(Special))]
    public void Special_forms_are_listed_without_implementation(string name)
    {
        Assert.True(FunctionTable.TryGet(name, out var f));
        Assert.True(f!.IsSpecial);
        Assert.Null(f.Implementation);
        Assert.False(f.IsPure);
        Assert.Throws<InvalidOperationException>(() => f.Invoke([]));
    }

    [Fact]
    public void Table_lists_each_name_once_and_nothing_undocumented()
    {
        var names = FunctionTable.All.Select(f => f.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(Documented.Count + Special.Count, names.Count);
    }

    [Fact]
    public void Arity_matches_corpus_usage()
    {
        AssertArity("replace", 3, 4);
        AssertArity("keyvalue", 3, 4);
        AssertArity("csv", 2, 3);
        AssertArity("substr", 2, 3);
        AssertArity("strip", 3, 3);
        AssertArity("submessage", 3, 3);
        AssertArity("regex", 2, 3);
        AssertArity("coalesce", 1, -1);
        Assert.True(FunctionTable.TryGet("coalesce", out var c));
        Assert.True(c!.AcceptsArity(4) && c.AcceptsArity(40) && !c.AcceptsArity(0));
        Assert.True(c.IsVariadic);
        Assert.Equal("at least 1", c.ArityText);
        Assert.True(FunctionTable.TryGet("replace", out var r));
        Assert.Equal("3 or 4", r!.ArityText);
        Assert.False(r.AcceptsArity(2));
        Assert.True(FunctionTable.TryGet("lower", out var l));
        Assert.Equal("1", l!.ArityText);
    }

    private static void AssertArity(string name, int min, int max)
    {
        Assert.True(FunctionTable.TryGet(name, out var f));
        Assert.Equal(min, f!.MinArity);
        Assert.Equal(max, f.MaxArity);
    }

    [Fact]
    public void Contexts_restrict_table_helpers()
    {
        Assert.True(FunctionTable.TryGet("regex_match", out var rm));
        Assert.Equal(FunctionContexts.QueryPredicate, rm!.Contexts);
        Assert.True(FunctionTable.TryGet("min", out var min));
        Assert.Equal(FunctionContexts.QueryHandler, min!.Contexts);
        Assert.True(FunctionTable.TryGet("insert_inc", out var inc));
        Assert.Equal(FunctionContexts.InsertInto, inc!.Contexts);
        Assert.True(FunctionTable.TryGet("lower", out var lower));
        Assert.True(lower!.Contexts.HasFlag(FunctionContexts.Formula | FunctionContexts.Rule));
    }

    [Fact]
    public void Lookup_is_case_sensitive_and_unknown_names_fail()
    {
        Assert.False(FunctionTable.TryGet("Lower", out _));
        Assert.False(FunctionTable.TryGet("tolower", out _));
        Assert.False(FunctionTable.TryGet("", out _));
    }

    [Theory]
    [InlineData("lowr", "lower")]
    [InlineData("Lower", "lower")]
    [InlineData("lwoer", "lower")]
    [InlineData("find_substring", "find_substr")]
    [InlineData("findsubstr", "find_substr")]
    [InlineData("maybe_number_16", "maybe_number16")]
    [InlineData("regexp", "regex")]
    [InlineData("in_subnets", "in_subnet")]
    [InlineData("hex_tostring", "hex_to_string")]
    [InlineData("keyvalues", "keyvalue")]
    public void Suggest_finds_the_closest_name(string typo, string expected) =>
        Assert.Equal(expected, FunctionTable.Suggest(typo));

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("x")]
    [InlineData("")]
    [InlineData("completely_unrelated_name_that_is_long")]
    public void Suggest_gives_nothing_when_no_name_is_close(string name) => Assert.Null(FunctionTable.Suggest(name));

    private static readonly Value[] Odd =
    [
        Value.Null, Value.Empty, Value.String("x"), Value.String(" "), Value.String("-"), Value.String("0x"),
        Value.String("ffffffffffffffffff"), Value.String("%%"), Value.String("[!"), Value.String("[]"), Value.String("*"),
        Value.String("?"), Value.String("\\"), Value.String("(?P<"), Value.String("(a)\\1"), Value.String("\uD800"),
        Value.String("é\u0000\r\n"), Value.String("10.0.0.0/99"), Value.String("::ffff:1.2.3.4"), Value.String("=\"'"),
        Value.String(new string('a', 3000)), Value.String("2021-13-45T99:99:99"), Value.String("9999-12-31T23:59:59Z"),
        Value.Number(0), Value.Number(-1), Value.Number(1), Value.Number(long.MinValue), Value.Number(long.MaxValue),
        Value.Number(int.MaxValue), Value.Double(double.NaN), Value.Double(double.PositiveInfinity), Value.Double(-0.5),
        Value.True, Value.False, Value.DateTime(DateTime.MinValue.Ticks), Value.DateTime(DateTime.MaxValue.Ticks),
        Value.Ip(IPAddress.Parse("10.0.0.1")), Value.Ip(IPAddress.Parse("fe80::1%5")), Value.Mac(0xFFFFFFFFFFFF),
        Value.List(Array.Empty<Value>()), Value.List(new[] { Value.Null, Value.String("a"), Value.Number(1) }),
        Value.Map(new DictionaryValueMap()), Value.Bytes(Array.Empty<byte>()), Value.Bytes(new byte[] { 0xFF, 0xFE, 0x00 }),
    ];

    [Fact]
    public void No_function_throws_on_odd_input()
    {
        var random = new Random(20240501);
        foreach (var f in FunctionTable.All)
        {
            if (f.IsSpecial) continue;
            int max = f.IsVariadic ? f.MinArity + 3 : f.MaxArity;
            for (int round = 0; round < 1500; round++)
            {
                int count = random.Next(0, max + 1);
                var args = new Value[count];
                for (int i = 0; i < count; i++) args[i] = Odd[random.Next(Odd.Length)];
                try
                {
                    f.Invoke(args);
                }
                catch (Exception e)
                {
                    Assert.Fail($"{f.Name}({string.Join(", ", args.Select(a => a.ToString().Length > 40 ? a.ToString()[..40] : a.ToString()))}) threw {e.GetType().Name}: {e.Message}");
                }
            }
        }
    }

    [Fact]
    public void No_operator_throws_on_odd_input()
    {
        foreach (var a in Odd)
        foreach (var b in Odd)
        {
            foreach (var op in Enum.GetValues<ValueOperator>())
                Operators.Binary(op, a, b);
            Operators.Negate(a);
            Operators.Not(a);
            Assert.Equal(Operators.AreEqual(a, b), Operators.AreEqual(b, a));
        }
    }
}
