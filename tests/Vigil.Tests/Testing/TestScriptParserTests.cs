using System.Text.Json;
using Vigil.Language.Diagnostics;
using Vigil.Language.Text;
using Vigil.Testing;

namespace Vigil.Tests.Testing;

public class TestScriptParserTests
{
    private static (TestScript Script, IReadOnlyList<Diagnostic> Diagnostics) Parse(string text, TestScriptKind kind = TestScriptKind.Conditions)
    {
        var bag = new DiagnosticBag();
        var script = TestScriptParser.Parse(new SourceText(kind == TestScriptKind.Unit ? "r/tests/test_1.sc" : "r/tests/test_conds_1.tc", text), kind, bag);
        return (script, bag.Items);
    }

    private static Diagnostic Single(IReadOnlyList<Diagnostic> diagnostics, string code)
    {
        var matches = diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matches.Count == 1, $"expected one {code}, got: {string.Join(" | ", diagnostics)}");
        return matches[0];
    }

    private static string At(Diagnostic d) => $"{d.Position.Line}:{d.Position.Column}";

    [Fact]
    public void Conditions_file_yields_its_directives_in_order_with_line_numbers()
    {
        var (script, diags) = Parse("""
            # comment

            table_list default
            table_list {"Script_Extensions": [{"extension": "\\.cmd\\b"}, {"extension": "\\.bat\\b"}], "Other": []}
            expect 1 {"correlation_name": "X", "alert.key": "a|b"}
            # between expectations
            expect not {"correlation_name": "Y"}
            expect	2 		{}
            """);
        Assert.Empty(diags);
        Assert.Equal(TestScriptKind.Conditions, script.Kind);
        Assert.Equal([3, 4, 5, 7, 8], script.Directives.Select(d => d.Line));
        Assert.IsType<LoadDefaultTablesDirective>(script.Directives[0]);
        Assert.True(script.LoadsDefaultTables);

        var rows = Assert.Single(script.TableRows);
        Assert.Equal(["Script_Extensions", "Other"], rows.Tables.Select(t => t.Table));
        Assert.Equal(@"\.cmd\b", rows.Tables[0].Rows[0].GetProperty("extension").GetString());
        Assert.Empty(rows.Tables[1].Rows);

        Assert.Equal(3, script.Expectations.Count);
        var first = script.Expectations[0];
        Assert.Equal((1, false), (first.Count, first.IsNot));
        Assert.Equal("""{"correlation_name": "X", "alert.key": "a|b"}""", first.Json);
        Assert.Equal("a|b", first.Expected.GetProperty("alert.key").GetString());
        Assert.Equal((0, true), (script.Expectations[1].Count, script.Expectations[1].IsNot));
        Assert.Equal(2, script.Expectations[2].Count); // tabs between the parts
        Assert.Equal(JsonValueKind.Object, script.Expectations[2].Expected.ValueKind);
        Assert.Empty(script.Inputs);
    }

    [Fact]
    public void Unit_test_file_yields_input_events_then_expectations()
    {
        var (script, diags) = Parse("""
            # events
            {"action":"start", "msgid":"1", "time": "2024-01-01T00:00:00Z"}
              {"action":"stop", "object.process.id": 42}

            expect 1 {"correlation_name":"Rule"}
            """, TestScriptKind.Unit);
        Assert.Empty(diags);
        Assert.Equal(2, script.Inputs.Count);
        Assert.Equal(2, script.Inputs[0].Line);
        Assert.Equal("start", script.Inputs[0].Event.GetProperty("action").GetString());
        Assert.Equal("""{"action":"stop", "object.process.id": 42}""", script.Inputs[1].Json);
        Assert.Equal(42, script.Inputs[1].Event.GetProperty("object.process.id").GetInt32());
        Assert.Single(script.Expectations);
        Assert.False(script.LoadsDefaultTables);
    }

    [Fact]
    public void Empty_unit_test_and_crlf_line_endings_are_fine()
    {
        var (script, diags) = Parse("# nothing\r\n\r\nexpect not {\"a\": 1}\r\n", TestScriptKind.Unit);
        Assert.Empty(diags);
        Assert.Empty(script.Inputs);
        Assert.Equal(3, Assert.Single(script.Expectations).Line);
    }

    [Fact]
    public void Very_long_json_line_is_parsed()
    {
        var fields = string.Join(", ", Enumerable.Range(0, 5000).Select(i => $"\"datafield{i}\": \"{new string('x', 20)}\""));
        var (script, diags) = Parse($"{{{fields}}}\nexpect 1 {{{fields}}}\n", TestScriptKind.Unit);
        Assert.Empty(diags);
        Assert.Equal(5000, script.Inputs[0].Event.EnumerateObject().Count());
    }

    [Fact]
    public void Trailing_comment_after_a_directive_is_allowed_and_hash_inside_json_is_text()
    {
        var (script, diags) = Parse("table_list default   # load them\nexpect 1 {\"cmd\": \"a # b\"}  # note\n");
        Assert.Empty(diags);
        Assert.Equal("a # b", script.Expectations[0].Expected.GetProperty("cmd").GetString());
    }

    [Fact]
    public void Unknown_directive_is_an_error_and_parsing_continues()
    {
        var (script, diags) = Parse("  assert 1 {}\nexpect 1 {}\n");
        var d = Single(diags, "XP0602");
        Assert.Equal("1:3", At(d));
        Assert.Single(script.Expectations);
    }

    [Theory]
    [InlineData("expect {}", "1:8")]
    [InlineData("expect", "1:1")]
    [InlineData("expect -1 {}", "1:8")]
    [InlineData("expect one {}", "1:8")]
    [InlineData("expect 99999999999 {}", "1:8")]
    [InlineData("expect nothing {}", "1:8")]
    [InlineData("expect 1", "1:8")]
    public void Expect_without_a_valid_count_is_an_error(string line, string at)
    {
        var (script, diags) = Parse(line + "\n");
        Assert.Equal(at, At(Single(diags, "XP0603")));
        Assert.Empty(script.Expectations);
    }

    [Fact]
    public void Expectation_that_is_not_an_object_is_an_error()
    {
        var (_, diags) = Parse("expect 1 [1, 2]\n");
        Assert.Equal("1:10", At(Single(diags, "XP0604")));
    }

    [Fact]
    public void Bad_json_is_reported_at_the_offending_character()
    {
        var (_, diags) = Parse("# x\nexpect 1 {\"a\": 1,, \"b\": 2}\n");
        var d = Single(diags, "XP0601");
        Assert.Equal("2:18", At(d));
        Assert.DoesNotContain("LineNumber", d.Message);
    }

    [Fact]
    public void Json_error_position_counts_characters_not_utf8_bytes()
    {
        // "Оснастка" is 8 characters but 16 UTF-8 bytes: the caret must land on the stray 'x'.
        var (_, diags) = Parse("expect 1 {\"d\": \"Оснастка\" x}\n");
        Assert.Equal("1:27", At(Single(diags, "XP0601")));
    }

    [Fact]
    public void Unterminated_json_is_an_error()
    {
        var (script, diags) = Parse("{\"action\": \"start\"\n", TestScriptKind.Unit);
        Single(diags, "XP0601");
        Assert.Empty(script.Inputs);
    }

    [Fact]
    public void Input_event_in_a_conditions_file_is_an_error()
    {
        var (_, diags) = Parse("{\"action\": \"start\"}\n");
        Assert.Equal("1:1", At(Single(diags, "XP0605")));
    }

    [Theory]
    [InlineData("table_list")]
    [InlineData("table_list defaults")]
    [InlineData("table_list [1]")]
    [InlineData("table_listdefault")]
    public void Table_list_without_default_or_an_object_is_an_error(string line)
    {
        var (_, diags) = Parse(line + "\n");
        Assert.Contains(diags, d => d.Code is "XP0606" or "XP0602");
        Assert.All(diags, d => Assert.Equal("1:1", At(d)));
    }

    [Theory]
    [InlineData("""table_list {"T": {"a": 1}}""")]
    [InlineData("""table_list {"T": [1, 2]}""")]
    [InlineData("""table_list {"T": [{"a": 1}], "U": "x"}""")]
    public void Table_list_rows_of_the_wrong_shape_are_an_error(string line)
    {
        var (script, diags) = Parse(line + "\n");
        Assert.Equal("1:12", At(Single(diags, "XP0607")));
        Assert.Empty(script.TableRows);
    }

    [Theory]
    [InlineData("expect 1 {} extra")]
    [InlineData("table_list default please")]
    [InlineData("expect 1 {}{}")]
    public void Text_after_a_complete_directive_is_an_error(string line)
    {
        var (script, diags) = Parse(line + "\n");
        Single(diags, "XP0608");
        Assert.Empty(script.Directives);
    }

    [Fact]
    public void Binary_file_is_rejected()
    {
        var (script, diags) = Parse("expect 1 {}\0\0");
        Single(diags, "XP0001");
        Assert.Empty(script.Directives);
    }

    [Fact]
    public void File_kind_follows_the_extension()
    {
        Assert.Equal(TestScriptKind.Unit, TestScriptParser.KindOf("a/tests/test_1.sc"));
        Assert.Equal(TestScriptKind.Conditions, TestScriptParser.KindOf("a/tests/test_conds_1.tc"));
    }

    [Fact]
    public void Missing_file_is_a_diagnostic()
    {
        var bag = new DiagnosticBag();
        Assert.Null(TestScriptParser.ParseFile("/no/such/dir/test_1.sc", bag));
        Assert.Equal("XP0004", Assert.Single(bag.Items).Code);
    }
}
