using System.Text.Json;
using Vigil.Language.Diagnostics;
using Vigil.Language.Text;
using Vigil.Testing;

namespace Vigil.Tests.Testing;

public class NormalizationExpectationTests
{
    private static (NormalizationExpectation? Expected, IReadOnlyList<Diagnostic> Diagnostics) Read(string text)
    {
        var bag = new DiagnosticBag();
        return (NormalizationExpectation.Read(new SourceText("f/tests/norm_1.js", text), bag), bag.Items);
    }

    private static string At(Diagnostic d) => $"{d.Position.Line}:{d.Position.Column}";

    [Fact]
    public void Pretty_printed_object_is_kept_as_element_and_text()
    {
        const string json = "{\n    \"action\": \"login\",\n    \"src.port\": 58751,\n    \"labels\": [\"a\"]\n}";
        var (expected, diags) = Read("\n" + json + "\n\n");
        Assert.Empty(diags);
        Assert.NotNull(expected);
        Assert.Equal(json, expected.Json);
        Assert.Equal(JsonValueKind.Number, expected.Root.GetProperty("src.port").ValueKind);
        Assert.Equal("f/tests/norm_1.js", expected.Source.Path);
    }

    [Fact]
    public void Bad_json_is_reported_at_its_line_and_column()
    {
        var (expected, diags) = Read("{\n  \"a\": \"é\",\n  \"b\" 2\n}");
        Assert.Null(expected);
        var d = Assert.Single(diags);
        Assert.Equal("XP0601", d.Code);
        Assert.Equal("3:7", At(d));
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("\"text\"")]
    public void Json_that_is_not_an_object_is_an_error(string text)
    {
        var (expected, diags) = Read(text);
        Assert.Null(expected);
        Assert.Equal("XP0604", Assert.Single(diags).Code);
    }

    [Fact]
    public void Empty_file_is_an_error()
    {
        var (expected, diags) = Read("  \n");
        Assert.Null(expected);
        Assert.Equal("XP0601", Assert.Single(diags).Code);
    }

    [Fact]
    public void Second_value_after_the_object_is_an_error()
    {
        var (expected, diags) = Read("{}\n{}\n");
        Assert.Null(expected);
        Assert.Equal("2:1", At(Assert.Single(diags, d => d.Code == "XP0608")));
    }
}
