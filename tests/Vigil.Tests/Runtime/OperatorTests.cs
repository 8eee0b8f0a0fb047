using System.Net;
using Vigil.Events;
using Vigil.Runtime;
using static Vigil.Tests.Runtime.Fn;

namespace Vigil.Tests.Runtime;

public class OperatorTests
{
    private static bool Eq(Value a, Value b) => Operators.AreEqual(a, b);

    [Fact]
    public void Null_equals_only_null()
    {
        Assert.True(Eq(Null, Null));
        Assert.False(Eq(Null, S("")));
        Assert.False(Eq(S(""), Null));
        Assert.False(Eq(Null, N(0)));
        Assert.True(Operators.Binary(ValueOperator.NotEqual, Null, S("x")).AsBool);
        Assert.False(Operators.Binary(ValueOperator.NotEqual, Null, Null).AsBool);
    }

    [Fact]
    public void Strings_compare_exactly_and_case_sensitively()
    {
        Assert.True(Eq(S("4624"), S("4624")));
        Assert.False(Eq(S("Admin"), S("admin")));
        Assert.False(Eq(S("007"), S("7")));
    }

    [Fact]
    public void Numbers_compare_numerically_with_numeric_strings()
    {
        // TeamCity Rest_Request_Finished: $code == 200 where $code is text.
        Assert.True(Eq(S("200"), N(200)));
        Assert.True(Eq(N(3), S("3")));
        Assert.True(Eq(N(7), S(" 007")));
        Assert.False(Eq(N(3), S("three")));
        Assert.True(Eq(N(2), Value.Double(2.0)));
        Assert.True(Eq(Value.Double(1.5), S("1.5")));
        Assert.False(Eq(N(1), Value.True));
    }

    [Fact]
    public void Ordering_with_null_is_always_false()
    {
        foreach (var op in new[] { ValueOperator.Less, ValueOperator.Greater, ValueOperator.LessOrEqual, ValueOperator.GreaterOrEqual })
        {
            Assert.False(Operators.Binary(op, Null, N(1)).AsBool);
            Assert.False(Operators.Binary(op, N(1), Null).AsBool);
            Assert.False(Operators.Binary(op, Null, Null).AsBool);
        }
    }

    [Fact]
    public void Ordering_is_numeric_for_numbers_and_numeric_strings()
    {
        // WEL/4624: maybe_number16($Data["SubjectLogonId"]) <= 1000; IIS: number(object.state) >= 100.
        Assert.True(Operators.LessOrEqual(N(999), N(1000)));
        Assert.True(Operators.Less(S("9"), N(10)));
        Assert.True(Operators.Less(S("9"), S("10")));
        Assert.True(Operators.Greater(N(-1), N(-42)));
        Assert.True(Operators.GreaterOrEqual(Value.Double(2.5), N(2)));
        Assert.False(Operators.Less(N(1), S("abc")));
        Assert.False(Operators.Greater(N(1), S("abc")));
    }

    [Fact]
    public void Ordering_of_text_is_ordinal()
    {
        Assert.True(Operators.Less(S("abc"), S("abd")));
        Assert.True(Operators.Less(S("B"), S("a")));
        Assert.True(Operators.Less(S("1.5"), S("10")) == (string.CompareOrdinal("1.5", "10") < 0));
        Assert.False(Operators.Less(L(S("a")), L(S("b"))));
    }

    [Fact]
    public void Datetimes_compare_with_each_other_and_with_parseable_text()
    {
        var a = Call("datetime", S("2021-07-05 11:44:56"));
        var b = Call("datetime", S("2021-07-05T11:44:57Z"));
        Assert.True(Operators.Less(a, b));
        Assert.True(Eq(a, S("2021-07-05T11:44:56.000Z")));
        Assert.True(Eq(S("2021-07-05 11:44:56"), a));
        Assert.False(Eq(a, S("not a time")));
        Assert.True(Operators.Greater(b, S("2020-01-01")));
    }

    [Fact]
    public void Ip_values_compare_by_address_with_text()
    {
        var ip = Value.Ip(IPAddress.Parse("10.0.0.1"));
        Assert.True(Eq(ip, S("10.0.0.1")));
        Assert.True(Eq(S("10.0.0.1"), ip));
        Assert.False(Eq(ip, S("10.0.0.2")));
        Assert.False(Eq(ip, S("garbage")));
        Assert.True(Eq(ip, Value.Ip(IPAddress.Parse("::ffff:10.0.0.1"))));
        Assert.True(Operators.Less(ip, S("10.0.0.2")));
        Assert.True(Eq(Value.Ip(IPAddress.Parse("::1")), S("0:0:0:0:0:0:0:1")));
    }

    [Fact]
    public void Macs_bools_lists_and_buffers_compare_by_value()
    {
        Assert.True(Eq(Call("macaddr", S("a1-f6-33-4d-21-56")), S("A1:F6:33:4D:21:56")));
        Assert.True(Eq(Value.True, Value.True));
        Assert.True(Eq(Value.True, S("true")));
        Assert.True(Eq(Value.False, S("False")));
        Assert.False(Eq(Value.True, S("yes")));
        Assert.True(Eq(L(S("a"), N(1)), L(S("a"), S("1"))));
        Assert.False(Eq(L(S("a")), L(S("a"), S("b"))));
        Assert.True(Eq(Value.Bytes(new byte[] { 1, 2 }), Value.Bytes(new byte[] { 1, 2 })));
    }

    [Fact]
    public void Plus_concatenates_strings_and_treats_null_as_its_identity()
    {
        // PsLoggedon_usage test 4: `$reason = reason + object.name` with no reason yields the name.
        Assert.Equal("synthetic:admin", Operators.Add(S("synthetic:"), S("admin")).AsString);
        Assert.Equal("synthetic:", Operators.Add(S("synthetic:"), Null).AsString);
        Assert.Equal("x", Operators.Add(Null, S("x")).AsString);
        Assert.Equal(1, Operators.Add(Null, N(1)).AsNumber);
        Assert.True(Operators.Add(Null, Null).IsNull);
        Assert.Equal("12", Operators.Add(S("1"), S("2")).AsString);
    }

    [Fact]
    public void Plus_adds_numbers_and_numeric_strings_and_concatenates_other_text()
    {
        Assert.Equal(3, Operators.Add(N(1), N(2)).AsNumber);
        Assert.Equal(1625485496539, Operators.Add(N(1625485496000), S("539")).AsNumber);
        Assert.Equal(ValueKind.Number, Operators.Add(S("2"), N(1)).Kind);
        Assert.Equal("port 80", Operators.Add(S("port "), N(80)).AsString);
        Assert.Equal("80/tcp", Operators.Add(N(80), S("/tcp")).AsString);
        Assert.Equal("ip 10.0.0.1", Operators.Add(S("ip "), Value.Ip(IPAddress.Parse("10.0.0.1"))).AsString);
        Assert.True(Operators.Add(L(S("a")), S("b")).IsNull);
        Assert.True(Operators.Add(Value.True, N(1)).IsNull);
    }

    [Fact]
    public void Arithmetic_is_integer_and_division_by_zero_is_null()
    {
        Assert.Equal(-1, Operators.Subtract(N(2), N(3)).AsNumber);
        Assert.Equal(3600, Operators.Multiply(N(60), N(60)).AsNumber);
        Assert.Equal(3, Operators.Divide(N(7), N(2)).AsNumber);
        Assert.Equal(-3, Operators.Divide(N(-7), N(2)).AsNumber);
        Assert.True(Operators.Divide(N(1), N(0)).IsNull);
        Assert.True(Operators.Divide(N(1), S("0")).IsNull);
        Assert.Equal(long.MinValue, Operators.Divide(N(long.MinValue), N(-1)).AsNumber);
        Assert.Equal(long.MinValue, Operators.Add(N(long.MaxValue), N(1)).AsNumber);
        Assert.Equal(5, Operators.Subtract(S("8"), S("3")).AsNumber);
        Assert.True(Operators.Subtract(S("a"), N(1)).IsNull);
        Assert.True(Operators.Multiply(Null, N(1)).IsNull);
        Assert.Equal(1.5, Operators.Divide(Value.Double(3), N(2)).AsDouble);
    }

    [Fact]
    public void Unary_minus_negates_numbers_and_numeric_text()
    {
        Assert.Equal(-4, Operators.Negate(N(4)).AsNumber);
        Assert.Equal(-4, Operators.Negate(S("4")).AsNumber);
        Assert.True(Operators.Negate(S("x")).IsNull);
        Assert.True(Operators.Negate(Null).IsNull);
        Assert.Equal(long.MinValue, Operators.Negate(N(long.MinValue)).AsNumber);
    }

    [Fact]
    public void Truthiness_is_false_only_for_false_and_null()
    {
        Assert.True(Operators.IsTruthy(Value.True));
        Assert.False(Operators.IsTruthy(Value.False));
        Assert.False(Operators.IsTruthy(Null));
        Assert.True(Operators.IsTruthy(S("")));
        Assert.True(Operators.IsTruthy(N(0)));
        Assert.True(Operators.IsTruthy(L()));
        Assert.True(Operators.Not(Null).AsBool);
        Assert.False(Operators.Not(S("x")).AsBool);
    }

    [Fact]
    public void Xml_element_maps_compare_and_concatenate_by_their_text()
    {
        var element = Value.Map(new TextMap("true"));
        Assert.True(Eq(element, S("true")));
        Assert.Equal("x:true", Operators.Add(S("x:"), element).AsString);
        Assert.True(Eq(Value.Map(new TextMap("5")), N(5)));
        Assert.True(Operators.Less(Value.Map(new TextMap("5")), N(6)));
    }

    private sealed class TextMap(string text) : IValueMap
    {
        public Value Get(string key) => Value.Null;
        public string? Text => text;
        public IEnumerable<KeyValuePair<string, Value>> Entries => [];
    }
}
