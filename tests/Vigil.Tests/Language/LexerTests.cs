using Vigil.Language.Diagnostics;
using Vigil.Language.Syntax;
using Vigil.Language.Text;

namespace Vigil.Tests.Language;

public class LexerTests
{
    private static (List<Token> Tokens, DiagnosticBag Diagnostics) Lex(string text)
    {
        var bag = new DiagnosticBag();
        return (Lexer.Tokenize(new SourceText("t.xp", text), bag), bag);
    }

    [Fact]
    public void Dotted_field_names_and_variables_are_single_tokens()
    {
        var (t, d) = Lex("subject.account.name = $Data[\"x\"] $object.query");
        Assert.Empty(d.Items);
        Assert.Equal(TokenKind.Identifier, t[0].Kind);
        Assert.Equal("subject.account.name", t[0].Text);
        Assert.Equal(TokenKind.Variable, t[2].Kind);
        Assert.Equal("Data", t[2].Text);
        Assert.Equal("object.query", t[6].Text);
    }

    [Fact]
    public void Known_escapes_are_decoded_and_unknown_ones_kept_for_regex()
    {
        var (t, _) = Lex("'a\\\\b' \"\\d+\\.x\" '\\u0041\\n'");
        Assert.Equal("a\\b", t[0].Text);
        Assert.Equal("\\d+\\.x", t[1].Text);
        Assert.Equal("A\n", t[2].Text);
    }

    [Fact]
    public void Durations_are_seconds()
    {
        var (t, _) = Lex("10s 5m 2h 1d 42");
        Assert.Equal([10, 300, 7200, 86400], t.Take(4).Select(x => x.Number));
        Assert.All(t.Take(4), x => Assert.Equal(TokenKind.Duration, x.Kind));
        Assert.Equal(TokenKind.Number, t[4].Kind);
    }

    [Fact]
    public void Comments_run_to_end_of_line_but_not_inside_strings()
    {
        var (t, _) = Lex("x = '# not a comment' # comment\ny");
        Assert.Equal(["x", null, "# not a comment", "y"], t.Take(4).Select(x => x.Kind == TokenKind.Equals ? null : x.Text));
        Assert.True(t[3].FirstOnLine);
    }

    [Fact]
    public void Unterminated_string_is_reported_at_its_quote_and_lexing_resumes_on_the_next_line()
    {
        var (t, d) = Lex("x = \"abc\ny = 1");
        var err = Assert.Single(d.Items);
        Assert.Equal("XP0102", err.Code);
        Assert.Equal(new TextPosition(4, 1, 5), err.Position);
        Assert.Contains(t, x => x.Kind == TokenKind.Identifier && x.Text == "y");
    }

    [Fact]
    public void A_run_of_garbage_is_one_error_not_one_per_character()
    {
        var (t, d) = Lex("x = 1 \u0001\u0002\u0003\u0004~~~~");
        Assert.Single(d.Items);
        Assert.Equal("XP0101", d.Items[0].Code);
        Assert.Contains(t, x => x.Kind == TokenKind.Bad);
    }

    [Fact]
    public void Operators_include_arrow_double_colon_and_logical_symbols()
    {
        var (t, _) = Lex("A -> B filter::X a && b || !c != d <= e");
        Assert.Contains(t, x => x.Kind == TokenKind.Arrow);
        Assert.Contains(t, x => x.Kind == TokenKind.ColonColon);
        Assert.Contains(t, x => x.Kind == TokenKind.AmpAmp);
        Assert.Contains(t, x => x.Kind == TokenKind.PipePipe);
        Assert.Contains(t, x => x.Kind == TokenKind.Bang);
        Assert.Contains(t, x => x.Kind == TokenKind.BangEquals);
        Assert.Contains(t, x => x.Kind == TokenKind.LessEquals);
    }

    [Fact]
    public void A_ten_megabyte_line_lexes_in_linear_time()
    {
        var text = "x = " + new string('a', 10 * 1024 * 1024);
        var (t, d) = Lex(text);
        Assert.Equal(4, t.Count);
        Assert.Empty(d.Items);
    }
}
