using Vigil.KnowledgeBase;
using Vigil.Language.Diagnostics;
using Vigil.Testing;

namespace Vigil.Tests.Conformance;

/// <summary>
/// The conformance ratchet: every corpus test listed in tests/conformance/passing.txt must keep passing.
/// The whole corpus suite runs once (as `vigil test` would); each listed test is one case here.
/// Skipped when ../shared (the corpus) is not beside the repository.
/// </summary>
public class CorpusConformanceTests
{
    private static readonly Lazy<Dictionary<string, TestResult>> s_results = new(RunCorpus);

    public static string ListPath => Path.Combine(TestPaths.RepoRoot, "tests", "conformance", "passing.txt");

    public static IEnumerable<object[]> ListedTests() =>
        File.ReadAllLines(ListPath).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => new object[] { l });

    private static Dictionary<string, TestResult> RunCorpus()
    {
        var root = TestPaths.Corpus!;
        var kb = KnowledgeBaseLoader.Load([root]);
        Assert.False(kb.HasErrors, string.Join("\n", kb.Diagnostics.Where(d => d.IsError).Take(10)));
        var compiled = CompiledKnowledgeBase.Compile(kb);
        var results = TestSuite.Run(root, compiled, new TestSuite.Options(), new DiagnosticBag());
        return results.ToDictionary(r => r.Test.Replace('\\', '/'), StringComparer.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(ListedTests))]
    public void Listed_corpus_test_still_passes(string test)
    {
        Skip.If(TestPaths.Corpus is null, "../shared/corpus is not present");
        Assert.True(s_results.Value.TryGetValue(test, out var result), $"listed test {test} was not found in the corpus");
        Assert.True(result!.Passed, $"{test} no longer passes:\n{result.Detail}");
    }

    [Fact]
    public void Conformance_list_is_sorted_and_has_no_duplicates()
    {
        var lines = File.ReadAllLines(ListPath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal(lines.Distinct(StringComparer.Ordinal).Count(), lines.Count);
        Assert.Equal(lines.OrderBy(l => l, StringComparer.Ordinal), lines);
    }
}
