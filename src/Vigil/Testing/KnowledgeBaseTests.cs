namespace Vigil.Testing;

// Every path in these records is relative to the knowledge base root, with '/' separators,
// so reports read the same on every OS; KnowledgeBaseTests.FullPath makes them absolute.

/// <summary>Normalization test N of a formula: <c>tests/raw_N.txt</c> (input) and <c>tests/norm_N.js</c> (expected).</summary>
public sealed record NormalizationTestCase(int Number, string RawPath, string ExpectedPath);

/// <summary>A formula folder (one holding <c>formula.xp</c>) and its normalization tests, by number.</summary>
public sealed record FormulaTests(string Name, string Directory, string FormulaPath, IReadOnlyList<NormalizationTestCase> Tests);

public enum RuleKind : byte
{
    /// <summary><c>rule.co</c></summary>
    Correlation,
    /// <summary><c>rule.en</c></summary>
    Enrichment,
}

/// <summary>Integration test N of a rule: <c>tests/raw_events_N.json</c> (raw input) and <c>tests/test_conds_N.tc</c> (expectations).</summary>
public sealed record IntegrationTestCase(int Number, string RawEventsPath, string ConditionsPath);

/// <summary>A unit test: one <c>tests/*.sc</c> file; <see cref="Number"/> is N of <c>test_N.sc</c>, if named so.</summary>
public sealed record UnitTestCase(string Name, int? Number, string ScriptPath);

/// <summary>A correlation or enrichment rule folder and its tests.</summary>
public sealed record RuleTests(
    RuleKind Kind,
    string Name,
    string Directory,
    string RulePath,
    IReadOnlyList<IntegrationTestCase> IntegrationTests,
    IReadOnlyList<UnitTestCase> UnitTests);

/// <summary>All tests found under a knowledge base folder (see <see cref="TestDiscovery"/>).</summary>
public sealed record KnowledgeBaseTests(string Root, IReadOnlyList<FormulaTests> Formulas, IReadOnlyList<RuleTests> Rules)
{
    /// <summary>The absolute path of a path relative to <see cref="Root"/>.</summary>
    public string FullPath(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath));
}
