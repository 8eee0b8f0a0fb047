using Vigil.KnowledgeBase;
using Vigil.Language.Diagnostics;
using Vigil.Testing;

namespace Vigil.Tests.Conformance;

/// <summary>Vigil's own content pack (content/) compiles cleanly and passes every one of its tests.</summary>
public class ContentPackTests
{
    private static readonly string Root = Path.Combine(TestPaths.RepoRoot, "content");
    private static readonly Lazy<(KnowledgeBase.KnowledgeBase Kb, IReadOnlyList<TestResult> Results)> s_run = new(() =>
    {
        var kb = KnowledgeBaseLoader.Load([Root]);
        var results = kb.HasErrors ? [] : TestSuite.Run(Root, CompiledKnowledgeBase.Compile(kb), new TestSuite.Options(), new DiagnosticBag());
        return (kb, results);
    });

    public static IEnumerable<object[]> ContentTests()
    {
        var tests = TestDiscovery.Discover(Root, new DiagnosticBag());
        foreach (var f in tests.Formulas) foreach (var t in f.Tests) yield return [t.ExpectedPath];
        foreach (var r in tests.Rules)
        {
            foreach (var t in r.IntegrationTests) yield return [t.ConditionsPath];
            foreach (var t in r.UnitTests) yield return [t.ScriptPath];
        }
    }

    [Fact]
    public void Content_pack_has_no_errors_or_warnings()
    {
        Assert.Empty(s_run.Value.Kb.Diagnostics.Select(d => d.ToString()));
    }

    [Theory]
    [MemberData(nameof(ContentTests))]
    public void Content_test_passes(string test)
    {
        var result = s_run.Value.Results.SingleOrDefault(r => r.Test.Replace('\\', '/') == test.Replace('\\', '/'));
        Assert.NotNull(result);
        Assert.True(result.Passed, $"{test}:\n{result.Detail}");
    }
}
