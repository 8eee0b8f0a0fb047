using Vigil.Correlation;
using Vigil.Events;
using Vigil.KnowledgeBase;
using Vigil.Language.Diagnostics;
using Vigil.Testing;

namespace Vigil.Tests.Correlation;

/// <summary>The router → workers → renderer form must find what the single-threaded engine finds.</summary>
public class ShardedCorrelatorTests
{
    [SkippableFact]
    public void Sharded_correlation_passes_the_same_corpus_integration_tests_as_the_engine()
    {
        Skip.If(TestPaths.Corpus is null, "../shared/corpus is not present");
        var root = TestPaths.Corpus!;
        var kb = CompiledKnowledgeBase.Compile(KnowledgeBaseLoader.Load([root]));
        var tests = TestDiscovery.Discover(root, new DiagnosticBag());
        var single = new IntegrationTestRunner(kb);
        var sharded = new IntegrationTestRunner(kb, shards: 3);
        var differences = new List<string>();
        int compared = 0;
        foreach (var rule in tests.Rules)
            foreach (var t in rule.IntegrationTests)
            {
                var a = single.Run(root, rule, t);
                var b = sharded.Run(root, rule, t);
                compared++;
                if (a.Passed != b.Passed) differences.Add($"{t.ConditionsPath}: single {a.Passed}, sharded {b.Passed}\n{b.Detail}");
            }
        Assert.True(compared > 200);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public void Events_of_one_key_stay_in_order_on_their_shard()
    {
        var rule = """
            event A:
                key: event_src.host
                filter { msgid == "a" }
            event B:
                key: event_src.host
                filter { msgid == "b" }
            rule R: A -> B within 1m
             on B { $event_src.host = event_src.host }
            emit { $correlation_type = "event" }

            """;
        var kbText = Language.BinderTests.Load(("r/rule.co", rule));
        var kb = CompiledKnowledgeBase.Compile(kbText);
        var outputs = new List<NormalizedEvent>();
        using var c = new ShardedCorrelator(kb.Rules, kb.Taxonomy, new CorrelationOptions { AssignUuids = false }, null, 4) { Output = outputs.Add };
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int host = 0; host < 200; host++)
        {
            foreach (var (sec, msgid) in new[] { (0, "a"), (10, "b") })
            {
                var e = new NormalizedEvent(kb.Taxonomy);
                e.Set("time", Value.DateTime(start.AddSeconds(host * 100 + sec)));
                e.Set("msgid", Value.String(msgid));
                e.Set("event_src.host", Value.String($"h{host}"));
                c.Process(e);
            }
        }
        c.Flush();
        Assert.Equal(200, outputs.Count);
        Assert.Equal(200, outputs.Select(o => o.Get("event_src.host").ToText()).Distinct().Count());
    }
}
