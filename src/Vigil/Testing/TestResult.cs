namespace Vigil.Testing;

public enum TestKind : byte { Normalization, Correlation, Enrichment }

/// <summary>The outcome of one knowledge-base test. <see cref="Test"/> is the test file's path relative to the knowledge base.</summary>
public sealed record TestResult(string Test, TestKind Kind, bool Passed, string Detail)
{
    public string KindName => Kind.ToString().ToLowerInvariant();
}
