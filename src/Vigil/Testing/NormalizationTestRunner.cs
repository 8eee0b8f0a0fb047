using Vigil.Events;
using Vigil.Language.Diagnostics;
using Vigil.Normalization;
using Vigil.Normalization.Inputs;
using Vigil.Runtime;

namespace Vigil.Testing;

/// <summary>
/// Runs a formula's own tests: <c>tests/raw_N.txt</c> (one event, the whole file) through that formula,
/// compared strictly with <c>tests/norm_N.js</c> (<see cref="NormalizationComparer"/>).
/// </summary>
public sealed class NormalizationTestRunner(KnowledgeBase.CompiledKnowledgeBase kb)
{
    private readonly EvalContext _ctx = new();
    private readonly RawEventReader _reader = new(new InputOptions { Framing = Framing.Whole });

    public TestResult Run(string root, FormulaTests formula, NormalizationTestCase test, bool subset = false)
    {
        string name = test.ExpectedPath;
        var bag = new DiagnosticBag();
        var expected = NormalizationExpectation.ReadFile(Path.Combine(root, test.ExpectedPath), bag, test.ExpectedPath);
        if (expected is null) return Fail(name, string.Join("\n", bag.Items.Select(d => d.ToString())));
        if (!kb.FormulasByPath.TryGetValue(Path.Combine(root, formula.FormulaPath), out var compiled))
            return Fail(name, $"formula {formula.FormulaPath} did not compile");

        foreach (var item in _reader.Read(Path.Combine(root, test.RawPath)))
        {
            if (item.Rejection is { } rej) return Fail(name, $"raw event rejected: {rej.Reason}");
            using var raw = item.Event!;
            var output = new NormalizedEvent(kb.Taxonomy);
            var outcome = Normalizer.TryApply(compiled, raw, output, _ctx, raw.Envelope ?? TestEnvelope);
            if (outcome.Status == NormalizeStatus.Unmatched) return Fail(name, "the formula did not apply to the raw event (header, pattern or COND)");
            if (outcome.Status == NormalizeStatus.Dropped) return Fail(name, "the formula dropped the event");
            var diffs = NormalizationComparer.Compare(expected.Root, output, subset, ignoreWhenUnexpected: Normalizer.EnvelopeFieldNames);
            return diffs.Count == 0
                ? new TestResult(name, TestKind.Normalization, true, "")
                : Fail(name, NormalizationComparer.Describe(diffs));
        }
        return Fail(name, "the raw file holds no event");
    }

    /// <summary>The envelope the PT test tools wrap a bare raw event in (vscode-xp enveloper): formulas may read it.</summary>
    public static readonly IValueMap TestEnvelope = CreateTestEnvelope();

    private static IValueMap CreateTestEnvelope()
    {
        var m = new DictionaryValueMap();
        m.Set("recv_ipv4", Value.String("127.0.0.1"));
        m.Set("task_id", Value.String("00000000-0000-0000-0000-000000000000"));
        m.Set("input_id", Value.String("00000000-0000-0000-0000-000000000000"));
        m.Set("tag", Value.String("some_tag"));
        m.Set("type", Value.String("raw"));
        return m;
    }

    private static TestResult Fail(string name, string detail) => new(name, TestKind.Normalization, false, detail);
}
