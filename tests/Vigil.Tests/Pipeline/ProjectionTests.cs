using Vigil.Events;
using Vigil.KnowledgeBase;
using Vigil.Normalization.Inputs;
using Vigil.Pipeline;

namespace Vigil.Tests.Pipeline;

/// <summary>
/// A pipeline whose sink reads no normalized event normalizes only what correlation (and enrichment, and the
/// appendix) read: the correlation events must be exactly those of the full pipeline.
/// </summary>
public class ProjectionTests
{
    private sealed class Sink(bool readsNormalized) : IPipelineSink
    {
        public readonly List<string> Correlations = [];
        public readonly List<NormalizedEvent> Normalized = [];
        public bool ReadsNormalizedEvents => readsNormalized;
        void IPipelineSink.Normalized(NormalizedEvent e, RawEvent raw, Vigil.Normalization.CompiledFormula formula) => Normalized.Add(e.Clone());
        public void Correlation(NormalizedEvent e) => Correlations.Add(string.Join("|", e.Taxonomy.Fields.Where(f => f.Name != "uuid" && e.Has(f.Id)).Select(f => $"{f.Name}={e[f.Id].ToText()}")));
    }

    private static (EventPipeline Pipeline, Sink Sink) Run(CompiledKnowledgeBase kb, bool readsNormalized, params string[] inputs)
    {
        var sink = new Sink(readsNormalized);
        var p = new EventPipeline(kb, new PipelineOptions { Correlate = true }, sink);
        p.Run(inputs);
        return (p, sink);
    }

    [Fact]
    public void The_bundled_recording_gives_the_same_alerts_with_and_without_projection()
    {
        var kb = CompiledKnowledgeBase.Compile(KnowledgeBaseLoader.Load([Path.Combine(TestPaths.RepoRoot, "content")]));
        var sample = Path.Combine(TestPaths.RepoRoot, "samples", "empire_wmi_dcerpc_wmi_IWbemServices_ExecMethod.zip");
        var (full, fullSink) = Run(kb, readsNormalized: true, sample);
        var (thin, thinSink) = Run(kb, readsNormalized: false, sample);
        Assert.False(full.Projected);
        Assert.True(thin.Projected);
        Assert.NotEmpty(fullSink.Correlations);
        Assert.Equal(fullSink.Correlations, thinSink.Correlations);
        Assert.Equal(full.Stats.Normalized, thin.Stats.Normalized);
        Assert.Equal(full.Stats.Unmatched, thin.Stats.Unmatched);
    }

    [Fact]
    public void A_projected_formula_writes_what_rules_read_and_what_it_reads_itself()
    {
        var kb = CompiledKnowledgeBase.Compile(Language.BinderTests.Load(
            ("f/formula.xp", """
                TEXT = '{time=DATETIME} {event_src.hostname=HOSTNAME} app: user {subject.account.name=WORD} from {src.ip=IPV4} via {protocol=WORD}'
                msgid = "login"
                reason = "not read by anyone"
                object.name = "read by the formula only"
                if object.name != null then
                    status = "success"
                endif
                """),
            ("r/rule.co", """
                event L:
                    key: subject.account.name
                    filter { msgid == "login" and status == "success" }
                rule R: L
                    on L { $src.ip = src.ip }
                emit { $correlation_type = "event" }

                """)));
        var file = Path.Combine(Path.GetTempPath(), $"vigil-projection-{Guid.NewGuid():N}.log");
        File.WriteAllText(file, "Mar  1 00:00:02 srv1 app: user alice from 10.0.0.1 via ssh2\n");
        try
        {
            var (full, fullSink) = Run(kb, readsNormalized: true, file);
            // This sink says it ignores normalized events, but keeps them so the test can see what was written.
            var (thin, thinSink) = Run(kb, readsNormalized: false, file);
            Assert.False(full.Projected);
            Assert.True(thin.Projected);
            var e = Assert.Single(thinSink.Normalized);
            string? Get(string name) => e.Get(name).ToText();
            Assert.Equal("login", Get("msgid"));
            Assert.Equal("success", Get("status"));
            Assert.Equal("alice", Get("subject.account.name"));
            Assert.Equal("10.0.0.1", Get("src.ip"));
            Assert.Equal("read by the formula only", Get("object.name")); // its `if` reads it
            Assert.Null(Get("reason"));
            Assert.Null(Get("protocol")); // a capture nobody reads is not written
            var whole = Assert.Single(fullSink.Normalized);
            Assert.Equal("not read by anyone", whole.Get("reason").ToText());
            Assert.Equal("ssh2", whole.Get("protocol").ToText());
            Assert.Single(fullSink.Correlations);
            Assert.Equal(fullSink.Correlations, thinSink.Correlations);
        }
        finally { File.Delete(file); }
    }
}
