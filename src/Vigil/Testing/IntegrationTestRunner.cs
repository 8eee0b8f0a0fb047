using Vigil.Correlation;
using Vigil.Enrichment;
using Vigil.Events;
using Vigil.Language.Diagnostics;
using Vigil.Normalization;
using Vigil.Normalization.Inputs;
using Vigil.Pipeline;
using Vigil.Runtime;

namespace Vigil.Testing;

/// <summary>
/// Runs a rule's integration tests (<c>raw_events_N.json</c> + <c>test_conds_N.tc</c>) end to end, as the
/// PT toolchain does (spec correlation §10.5): every raw line normalized by the knowledge base's formulas,
/// pipeline fields added, enriched, sorted by time, correlated by all rules with cascades, correlation events
/// enriched; then the expectations are checked against the correlation events (or, for an enrichment rule's
/// tests, against the enriched events). Tables and correlator state are fresh for every test.
/// </summary>
public sealed class IntegrationTestRunner(KnowledgeBase.CompiledKnowledgeBase kb, CorrelationOptions? options = null, int shards = 0)
{
    private readonly CorrelationOptions _options = options ?? new CorrelationOptions { AssignUuids = false };
    private readonly EvalContext _ctx = new();
    private readonly RawEventParser _parser = new(new InputOptions());

    public TestResult Run(string root, RuleTests rule, IntegrationTestCase test)
    {
        var kind = rule.Kind == RuleKind.Enrichment ? TestKind.Enrichment : TestKind.Correlation;
        string name = test.ConditionsPath;
        var bag = new DiagnosticBag();
        var script = TestScriptParser.ParseFile(Path.Combine(root, test.ConditionsPath), bag, test.ConditionsPath);
        var raws = RawEventsFile.ReadFile(Path.Combine(root, test.RawEventsPath), bag, test.RawEventsPath);
        if (script is null || raws is null || bag.HasErrors)
            return new TestResult(name, kind, false, string.Join("\n", bag.Items.Select(d => d.ToString())));

        var notes = new List<string>();
        var events = NormalizeLines(raws, notes);
        var tables = new RuleTestRunner(kb).NewTables(script);
        var enricher = new Enricher(kb.Enrichments, tables);
        foreach (var e in events) enricher.Enrich(e);
        var sorted = RuleTestRunner.SortByTime(events);

        List<NormalizedEvent> observed;
        if (kind == TestKind.Enrichment) observed = sorted;
        else
        {
            observed = [];
            ICorrelator engine = shards > 0
                ? new ShardedCorrelator(kb.Rules, kb.Taxonomy, _options, tables, shards)
                : new CorrelationEngine(kb.Rules, kb.Taxonomy, _options, tables);
            engine.EnrichOutput = enricher.Enrich;
            engine.Output = observed.Add;
            foreach (var e in sorted) engine.Process(RuleTestRunner.AsHeld(e, engine));
            engine.Flush();
            (engine as IDisposable)?.Dispose();
        }
        var failure = ExpectationMatcher.Check(script.Expectations, observed);
        string detail = failure is null ? "" : failure + (notes.Count > 0 ? "\n" + string.Join("\n", notes) : "");
        return new TestResult(name, kind, failure is null, detail);
    }

    /// <summary>Normalizes each raw line with the whole formula set; lines no formula takes are noted (and not correlated).</summary>
    public List<NormalizedEvent> NormalizeLines(RawEventsFile raws, List<string> notes)
    {
        var fields = new PipelineFields(kb.Taxonomy);
        var events = new List<NormalizedEvent>();
        foreach (var line in raws.Lines)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(line.Text);
            var status = _parser.Parse(bytes, raws.Source.Path, line.Line, out var raw, out var rejection);
            if (rejection is not null) { notes.Add($"  note: line {line.Line} rejected: {rejection.Reason}"); continue; }
            if (raw is null) continue;
            using (raw)
            {
                var e = new NormalizedEvent(kb.Taxonomy);
                var outcome = kb.Normalizer.Normalize(raw, e, _ctx);
                if (outcome.Status != NormalizeStatus.Normalized)
                {
                    notes.Add($"  note: line {line.Line} was not normalized by any formula");
                    continue;
                }
                fields.Apply(e);
                events.Add(e);
            }
        }
        return events;
    }
}
