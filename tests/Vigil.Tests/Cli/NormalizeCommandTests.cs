using System.Text.Json;

namespace Vigil.Tests.CliTests;

public class NormalizeCommandTests
{
    private static string Kb()
    {
        var root = TestPaths.TempDir();
        Directory.CreateDirectory(Path.Combine(root, "f"));
        File.WriteAllText(Path.Combine(root, "f", "formula.xp"), "JSON = ''\nCOND = $user != null\nsubject.account.name = $user\nid = \"test\"\n");
        return root;
    }

    [Fact]
    public void Every_input_line_is_normalized_unmatched_or_rejected_and_the_counts_add_up()
    {
        var kb = Kb();
        var dir = TestPaths.TempDir();
        var input = Path.Combine(dir, "in.jsonl");
        var lines = new List<string>
        {
            "{\"user\":\"alice\"}",                       // normalized
            "{\"other\":1}",                              // unmatched: no formula applies
            "{\"user\": ",                                // rejected: truncated JSON
            "\u0000\u0000binary",                         // rejected: NUL bytes
            new string('[', 10_000) + new string(']', 10_000), // rejected: too deep
            "plain text line",                            // unmatched (text, no TEXT formula)
            "{\"user\":\"bob\"}",                         // normalized
        };
        File.WriteAllLines(input, lines);
        var rejects = Path.Combine(dir, "rejects.jsonl");
        var unmatched = Path.Combine(dir, "unmatched.jsonl");
        var r = VigilCli.Run("normalize", "--kb", kb, "--input", input, "--rejects", rejects, "--unmatched", unmatched, "--stats");
        Assert.Equal(0, r.ExitCode);
        var outLines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, outLines.Length);
        Assert.Equal("alice", JsonDocument.Parse(outLines[0]).RootElement.GetProperty("subject.account.name").GetString());
        Assert.Equal(3, File.ReadAllLines(rejects).Length);
        Assert.Equal(2, File.ReadAllLines(unmatched).Length);
        foreach (var rej in File.ReadAllLines(rejects))
        {
            var j = JsonDocument.Parse(rej).RootElement;
            Assert.True(j.GetProperty("line").GetInt64() > 0);
            Assert.False(string.IsNullOrWhiteSpace(j.GetProperty("reason").GetString()));
        }
        Assert.Contains("7", r.Stderr); // input count in the stats table
    }

    [Fact]
    public void Missing_input_file_is_an_error_exit_1()
    {
        var r = VigilCli.Run("normalize", "--kb", Kb(), "--input", "/no/such/file.json");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("does not exist", r.Stderr);
    }

    [Fact]
    public void Knowledge_base_with_errors_refuses_to_run()
    {
        var root = TestPaths.TempDir();
        File.WriteAllText(Path.Combine(root, "formula.xp"), "JSON = ''\nno_such_field = 1\n");
        var r = VigilCli.RunWithInput("{}\n", "normalize", "--kb", root);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("XP0301", r.Stderr);
    }

    [Fact]
    public void Run_prints_correlation_events_from_stdin()
    {
        var root = Kb();
        File.WriteAllText(Path.Combine(root, "rule.co"), "event U:\n key: subject.account.name\n filter { id == \"test\" }\nrule Seen: U\n on U { $subject.account.name = subject.account.name }\nemit { $correlation_type = \"event\" }\n");
        var r = VigilCli.RunWithInput("{\"user\":\"alice\"}\n{\"user\":\"bob\"}\n", "run", "--kb", root);
        Assert.Equal(0, r.ExitCode);
        var events = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("Seen", e.GetProperty("correlation_name").GetString()));
        Assert.Equal(["alice", "bob"], events.Select(e => e.GetProperty("subject.account.name").GetString()));
    }
}
