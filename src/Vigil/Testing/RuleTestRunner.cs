using System.Text.Json;
using Vigil.Correlation;
using Vigil.Enrichment;
using Vigil.Events;
using Vigil.Language.Diagnostics;
using Vigil.Tables;

namespace Vigil.Testing;

/// <summary>
/// Runs unit tests of rules (<c>test_N.sc</c>): the normalized events of the script, sorted by time (stable),
/// through the one rule under test with the macros and tables of the knowledge base; tables fresh per test.
/// </summary>
public sealed class RuleTestRunner(KnowledgeBase.CompiledKnowledgeBase kb, CorrelationOptions? options = null)
{
    private readonly CorrelationOptions _options = options ?? new CorrelationOptions { AssignUuids = false };

    public TestResult RunUnit(string root, RuleTests rule, UnitTestCase test)
    {
        var kind = rule.Kind == RuleKind.Enrichment ? TestKind.Enrichment : TestKind.Correlation;
        var bag = new DiagnosticBag();
        var script = TestScriptParser.ParseFile(Path.Combine(root, test.ScriptPath), bag, test.ScriptPath);
        if (script is null || bag.HasErrors)
            return new TestResult(test.ScriptPath, kind, false, string.Join("\n", bag.Items.Select(d => d.ToString())));

        var tables = NewTables(script);
        var events = new List<NormalizedEvent>();
        foreach (var input in script.Inputs)
        {
            // A raw envelope among the inputs (normalized: false) is normalized by the knowledge base first.
            if (input.Event.TryGetProperty("normalized", out var n) && n.ValueKind == JsonValueKind.False && input.Event.TryGetProperty("body", out _))
            {
                var raws = RawEventsFile.Read(new Language.Text.SourceText(test.ScriptPath, input.Json));
                events.AddRange(new IntegrationTestRunner(kb).NormalizeLines(raws, []));
            }
            else events.Add(EventJson.Read(input.Event, kb.Taxonomy));
        }
        var sorted = SortByTime(events);
        var outputs = new List<NormalizedEvent>();
        string rulePath = Path.Combine(root, rule.RulePath);
        if (kind == TestKind.Enrichment)
        {
            var enricher = new Enricher(kb.Enrichments.Where(e => e.Path == rulePath).ToList(), tables);
            foreach (var e in sorted)
            {
                enricher.Enrich(e);
                outputs.Add(e);
            }
        }
        else
        {
            if (!kb.RulesByPath.TryGetValue(rulePath, out var rules))
                return new TestResult(test.ScriptPath, kind, false, $"rule file {rule.RulePath} did not compile");
            var engine = new CorrelationEngine(rules, kb.Taxonomy, _options, tables) { Output = outputs.Add };
            foreach (var e in sorted) engine.Process(AsHeld(e, engine));
            engine.Flush();
        }
        var failure = ExpectationMatcher.Check(script.Expectations, outputs);
        return new TestResult(test.ScriptPath, kind, failure is null, failure ?? "");
    }

    /// <summary>Tables as the script asks: empty, plus defaults (<c>table_list default</c>), plus its rows.</summary>
    public TableSet NewTables(TestScript script)
    {
        var tables = new TableSet(kb.TableSchemas);
        if (script.LoadsDefaultTables) tables.LoadDefaults(0);
        foreach (var d in script.TableRows)
            foreach (var t in d.Tables)
                if (tables.TryGet(t.Table, out var data))
                    foreach (var row in t.Rows) data.UpsertJson(row, 0);
        return tables;
    }

    /// <summary>
    /// The event as the pipeline's reorder buffer hands it to <paramref name="engine"/>: just the fields its rules read
    /// (<see cref="ICorrelator.FieldsRead"/>). Tests see what a stream sees, and fail if a rule reads a field that
    /// analysis missed.
    /// </summary>
    internal static NormalizedEvent AsHeld(NormalizedEvent e, ICorrelator engine) =>
        engine.FieldsRead is { } keep ? EventSnapshot.Capture(e, keep).ToEvent(e.Taxonomy) : e;

    /// <summary>Events in time order; ties (and events without time) keep their input order.</summary>
    public static List<NormalizedEvent> SortByTime(IEnumerable<NormalizedEvent> events) =>
        events.Select((e, i) => (e, i)).OrderBy(x => x.e.TimeTicks ?? long.MinValue).ThenBy(x => x.i).Select(x => x.e).ToList();
}
