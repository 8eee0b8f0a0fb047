using Vigil.Language.Diagnostics;

namespace Vigil.Testing;

/// <summary>
/// Every test of a knowledge base, discovered and run (in parallel, results in discovery order):
/// normalization tests, then rule unit tests (.sc), then integration tests (.tc).
/// </summary>
public static class TestSuite
{
    public sealed record Options(bool Subset = false, string? Filter = null, TestKind? Kind = null, int Parallelism = 0);

    public static IReadOnlyList<TestResult> Run(string root, KnowledgeBase.CompiledKnowledgeBase kb, Options options, DiagnosticBag discoveryDiagnostics)
    {
        var tests = TestDiscovery.Discover(root, discoveryDiagnostics);
        var work = new List<Func<Runners, TestResult>>();
        bool Want(TestKind kind, string path) =>
            (options.Kind is null || options.Kind == kind) && (options.Filter is null || path.Contains(options.Filter, StringComparison.OrdinalIgnoreCase));

        foreach (var f in tests.Formulas)
            foreach (var t in f.Tests)
                if (Want(TestKind.Normalization, t.ExpectedPath)) work.Add(r => r.Normalization.Run(root, f, t, options.Subset));
        foreach (var rule in tests.Rules)
        {
            var kind = rule.Kind == RuleKind.Enrichment ? TestKind.Enrichment : TestKind.Correlation;
            foreach (var u in rule.UnitTests)
                if (Want(kind, u.ScriptPath)) work.Add(r => r.Unit.RunUnit(root, rule, u));
            foreach (var i in rule.IntegrationTests)
                if (Want(kind, i.ConditionsPath)) work.Add(r => r.Integration.Run(root, rule, i));
        }

        var results = new TestResult[work.Count];
        var po = new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism > 0 ? options.Parallelism : Environment.ProcessorCount };
        Parallel.For(0, work.Count, po, () => new Runners(kb), (i, _, runners) =>
        {
            try { results[i] = work[i](runners); }
            catch (Exception ex)
            {
                // A crash in one test is a failed test with its reason, not a failed run.
                results[i] = new TestResult($"test #{i}", TestKind.Normalization, false, "internal error: " + ex);
            }
            return runners;
        }, _ => { });
        return results;
    }

    /// <summary>One set of runners per thread: each holds evaluation contexts that are not thread-safe.</summary>
    private sealed class Runners(KnowledgeBase.CompiledKnowledgeBase kb)
    {
        public readonly NormalizationTestRunner Normalization = new(kb);
        public readonly RuleTestRunner Unit = new(kb);
        public readonly IntegrationTestRunner Integration = new(kb);
    }
}
