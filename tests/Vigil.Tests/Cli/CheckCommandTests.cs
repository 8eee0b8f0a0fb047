namespace Vigil.Tests.CliTests;

public class CheckCommandTests
{
    private static string WriteRule(string text, string name = "formula.xp")
    {
        var root = TestPaths.TempDir();
        Directory.CreateDirectory(Path.Combine(root, "f"));
        File.WriteAllText(Path.Combine(root, "f", name), text);
        return root;
    }

    [Fact]
    public void Clean_knowledge_base_exits_0_with_counts()
    {
        var root = WriteRule("JSON = ''\nmsgid = $EventCode\n");
        var r = VigilCli.Run("check", root);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("normalization formulas", r.Stdout);
        Assert.Contains("0 error(s)", r.Stdout);
    }

    [Fact]
    public void Syntax_error_exits_1_with_path_line_column_and_caret()
    {
        var root = WriteRule("JSON = ''\nmsgid = (\"1\"\n");
        var r = VigilCli.Run("check", root);
        Assert.Equal(1, r.ExitCode);
        Assert.Matches(@"f[/\\]formula\.xp:\d+:\d+: error XP\d{4}", r.Stdout);
        Assert.Contains("^", r.Stdout);
        Assert.DoesNotContain("   at ", r.Stdout + r.Stderr); // no stack trace
    }

    [Fact]
    public void Json_format_lists_diagnostics_with_positions()
    {
        var root = WriteRule("JSON = ''\nmsgid = \"unterminated\n");
        var r = VigilCli.Run("check", root, "--format", "json");
        Assert.Equal(1, r.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
        var d = doc.RootElement.GetProperty("diagnostics")[0];
        Assert.Equal("XP0102", d.GetProperty("code").GetString());
        Assert.Equal(2, d.GetProperty("line").GetInt32());
        Assert.Equal(9, d.GetProperty("column").GetInt32());
    }

    [Fact]
    public void A_ten_megabyte_line_gives_a_positioned_error_without_hanging()
    {
        var root = WriteRule("JSON = ''\nmsgid = " + new string('(', 10 * 1024 * 1024) + "\n");
        var r = VigilCli.Run("check", root);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("formula.xp:2:", r.Stdout);
    }

    [Fact]
    public void Binary_garbage_gives_one_error_and_exit_1()
    {
        var root = TestPaths.TempDir();
        var bytes = new byte[100_000];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(Path.Combine(root, "rule.co"), bytes);
        var r = VigilCli.Run("check", root);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("rule.co:", r.Stdout);
    }

    [Fact]
    public void Missing_path_argument_is_a_usage_error_exit_2()
    {
        var r = VigilCli.Run("check");
        Assert.Equal(2, r.ExitCode);
    }

    [Fact]
    public void Nonexistent_path_is_an_error_exit_1()
    {
        var r = VigilCli.Run("check", "/no/such/dir/anywhere");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no such file or directory", r.Stdout);
    }
}
