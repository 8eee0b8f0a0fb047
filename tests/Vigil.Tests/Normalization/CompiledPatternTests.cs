using Vigil.KnowledgeBase;
using Vigil.Language.Binding;
using Vigil.Normalization;
using Vigil.Runtime;

namespace Vigil.Tests.Normalization;

/// <summary>The compiled form of a TEXT pattern must do exactly what the interpreter does.</summary>
public class CompiledPatternTests
{
    private static readonly string[] Lines =
    [
        "Mar  1 00:00:03 srv01 sshd[1234]: Failed password for invalid user admin from 203.0.113.7 port 51234 ssh2",
        "Mar  1 00:00:03 srv01 sshd[1234]: Accepted publickey for kevin.morris from 10.23.226.140 port 49599 ssh2: RSA SHA256:J7a+5I0",
        "Mar  1 00:00:02 srv12 sshd[192788]: pam_unix(sshd:session): session opened for user kevin.morris(uid=9994) by (uid=0)",
        "Mar  1 00:00:05 srv18 CRON[16378]: (root) CMD (cd / && run-parts --report /etc/cron.hourly)",
        "Mar  1 00:00:06 srv08 sudo[70637]:    kevin.foster : TTY=pts/4 ; PWD=/home/kevin.foster ; USER=root ; COMMAND=/usr/bin/cat /etc/shadow",
        "<190>srv says hi",
        " says hi",
        "hello world and more",
    ];

    [Fact]
    public void Compiled_patterns_match_log_and_count_steps_as_the_interpreter_does()
    {
        var roots = new List<string> { Path.Combine(TestPaths.RepoRoot, "content") };
        if (TestPaths.Corpus is { } corpus) roots.Add(corpus);
        var kb = KnowledgeBaseLoader.Load(roots.ToArray());
        int patterns = 0, compiled = 0, compared = 0;
        foreach (var (path, formula) in kb.Formulas)
        {
            var inputs = InputsFor(path).Concat(Lines).ToList();
            // Submessage patterns see pieces of lines: every suffix after a blank or punctuation.
            inputs = inputs.Concat(inputs.SelectMany(Suffixes)).Distinct().ToList();
            foreach (var body in formula.Subformulas.Select(s => s.Body).Prepend(formula.Main))
            {
                if (body.Header?.Pattern is not { } pattern) continue;
                patterns++;
                var matcher = TextPatternMatcher.Compile(pattern, body.Captures);
                var method = matcher.CompileToMethod();
                if (method is null) continue;
                compiled++;
                foreach (var input in inputs)
                {
                    var a = matcher.Trace(input, method, useCompiled: false)!.Value;
                    var b = matcher.Trace(input, method, useCompiled: true)!.Value;
                    Assert.True(a.Matched == b.Matched && a.Steps == b.Steps && a.Log.SequenceEqual(b.Log),
                        $"{path}: pattern {pattern} on \"{input}\": interpreter {a.Matched}/{a.Steps} steps/{a.Log.Length} captures, compiled {b.Matched}/{b.Steps}/{b.Log.Length}");
                    compared++;
                }
            }
        }
        Console.WriteLine($"{compiled} of {patterns} patterns compiled, {compared} comparisons");
        Assert.True(patterns > 0 && compiled > patterns / 2, $"{compiled} of {patterns} patterns compiled");
        Assert.True(compared > 1000, $"{compared} comparisons");
    }

    [Fact]
    public async Task A_pattern_runs_compiled_after_enough_lines_and_gives_the_same_fields()
    {
        const string formula = "TEXT = '{time=DATETIME} {event_src.hostname=HOSTNAME} sshd[{subject.process.id=NUMBER}]: {$m=REST}'\nreason = $m";
        var kb = Language.BinderTests.Load(("f/formula.xp", formula));
        var ckb = CompiledKnowledgeBase.Compile(kb);
        var matcher = ckb.Normalizer.Formulas.Single().Main.Matcher!;
        var ctx = new EvalContext();
        void Check(int i)
        {
            var e = new Vigil.Events.NormalizedEvent(ckb.Taxonomy);
            var r = ckb.Normalizer.Normalize(new TextRawView($"Mar  1 00:00:03 srv01 sshd[{i}]: message {i % 3}"), e, ctx);
            Assert.Equal(NormalizeStatus.Normalized, r.Status);
            Assert.Equal(i.ToString(), e.Get("subject.process.id").ToText());
            Assert.Equal($"message {i % 3}", e.Get("reason").ToText());
            Assert.Equal("srv01", e.Get("event_src.hostname").ToText());
        }
        // Interpreted until the method, compiled off this thread, is ready; the same fields before and after.
        for (int i = 0; i < 500; i++) Check(i);
        for (int wait = 0; wait < 200 && !matcher.IsCompiled; wait++) await Task.Delay(50);
        Assert.True(matcher.IsCompiled);
        for (int i = 500; i < 600; i++) Check(i);
        Assert.NotEqual(NormalizeStatus.Normalized, ckb.Normalizer.Normalize(new TextRawView("Mar  1 00:00:03 srv01 sshd[x]: m"), new Vigil.Events.NormalizedEvent(ckb.Taxonomy), ctx).Status);
    }

    // The formula's own test events (the files beside it in tests/).
    private static IEnumerable<string> InputsFor(string formulaPath)
    {
        var dir = Path.Combine(Path.GetDirectoryName(formulaPath) ?? "", "tests");
        if (!Directory.Exists(dir)) yield break;
        foreach (var file in Directory.EnumerateFiles(dir, "raw_*.txt"))
        {
            var text = File.ReadAllText(file);
            if (text.Length < 4000) yield return text.TrimEnd('\n', '\r');
        }
    }

    private static IEnumerable<string> Suffixes(string line)
    {
        for (int i = 1; i < line.Length && i < 400; i++)
            if (line[i - 1] is ' ' or ':' or '(' or '[' or ',' or '=') yield return line[i..];
    }
}
