using Vigil.Events;
using Vigil.KnowledgeBase;
using Vigil.Normalization;
using Vigil.Normalization.Inputs;
using Vigil.Runtime;

namespace Vigil.Tests.Normalization;

public class ConditionLiteralsTests
{
    private static CompiledFormula Compile(string formula)
    {
        var kb = Language.BinderTests.Load(("f/formula.xp", formula));
        Assert.False(kb.HasErrors, string.Join("\n", kb.Diagnostics.Select(d => d.ToString())));
        return CompiledKnowledgeBase.Compile(kb).Normalizer.Formulas[0];
    }

    [Fact]
    public void Equality_of_a_text_capture_with_constants_requires_one_of_them_in_the_line()
    {
        var f = Compile("TEXT = '{$p=UNTIL(\"[\")}{NUMBER}]: {REST}'\nCOND = lower($p) == \"cron\" or $p == \"Crond\"");
        var needs = f.Main.ConditionNeeds!;
        Assert.Equal([("cron", true), ("Crond", false)], needs.AnyOf);
        Assert.True(needs.MayHold("CRON[1]: x"));
        Assert.False(needs.MayHold("sshd[1]: x"));
    }

    [Theory]
    [InlineData("COND = $n == \"5\"")]                      // a NUMBER capture compares as a number
    [InlineData("COND = $lit == \"a\"")]                    // a literal capture holds the pattern's text, not the line's
    [InlineData("COND = lower($p) == \"sshd-kex\"")]        // 'k' may come from the Kelvin sign
    [InlineData("COND = $p != \"cron\"")]
    [InlineData("COND = $p == \"cron\" or length($p) > 3")]
    [InlineData("COND = $p == \"\"")]
    public void No_requirement_where_it_is_not_certain(string cond)
    {
        var f = Compile("TEXT = '{$p=WORD} {$n=NUMBER} {$lit=\"a\"} {REST}'\n" + cond);
        Assert.Null(f.Main.ConditionNeeds);
    }

    [Fact]
    public void And_takes_the_requirement_of_either_side()
    {
        var f = Compile("TEXT = '{$p=WORD} {$q=WORD}'\nCOND = length($q) > 1 and $p == \"abc\"");
        Assert.Equal([("abc", false)], f.Main.ConditionNeeds!.AnyOf);
    }

    [SkippableFact]
    public void Skipping_formulas_by_their_cond_literals_changes_no_outcome_on_the_corpus_and_content_tests()
    {
        Skip.If(TestPaths.Corpus is null, "../shared/corpus is not present");
        var content = Path.Combine(TestPaths.RepoRoot, "content");
        var kb = KnowledgeBaseLoader.Load([TestPaths.Corpus!, content]);
        var ckb = CompiledKnowledgeBase.Compile(kb);
        Assert.Contains(ckb.Normalizer.Formulas, f => f.Main.ConditionNeeds is not null);
        var parser = new RawEventParser(new InputOptions());
        var ctx = new EvalContext();
        var with = new NormalizedEvent(ckb.Taxonomy);
        var without = new NormalizedEvent(ckb.Taxonomy);
        int compared = 0;
        foreach (var file in new[] { TestPaths.Corpus!, content }.SelectMany(r => Directory.EnumerateFiles(r, "raw_*", SearchOption.AllDirectories)))
        {
            foreach (var line in File.ReadAllLines(file).Where(l => l.Trim().Length > 0).Prepend(File.ReadAllText(file)))
            {
                if (parser.Parse(System.Text.Encoding.UTF8.GetBytes(line), file, 1, out var ev, out _) != ParseOutcome.Event) continue;
                using (ev)
                {
                    ckb.Normalizer.UseConditionNeeds = true;
                    var a = ckb.Normalizer.Normalize(ev!, with, ctx);
                    ckb.Normalizer.UseConditionNeeds = false;
                    var b = ckb.Normalizer.Normalize(ev!, without, ctx);
                    Assert.Equal(b.Status, a.Status);
                    Assert.Equal(b.Formula?.Name, a.Formula?.Name);
                    Assert.Equal(EventJson(without), EventJson(with));
                    compared++;
                }
            }
        }
        ckb.Normalizer.UseConditionNeeds = true;
        Assert.True(compared > 900, $"only {compared} raw events compared");
    }

    private static string EventJson(NormalizedEvent e) =>
        string.Join("\n", e.Taxonomy.Count > 0 ? EnumerateFields(e) : []);

    private static IEnumerable<string> EnumerateFields(NormalizedEvent e)
    {
        foreach (var id in e) yield return $"{e.Taxonomy[id].Name}={e[id].ToText()}";
    }
}
