using System.Text.Json;
using Vigil.Language.Text;

namespace Vigil.Testing;

/// <summary>Which test file a script came from: they share directives, but only unit tests carry input events.</summary>
public enum TestScriptKind : byte
{
    /// <summary><c>test_conds_N.tc</c>: expectations for an integration test whose inputs are <c>raw_events_N.json</c>.</summary>
    Conditions,
    /// <summary><c>test_N.sc</c>: normalized input events inline, then expectations.</summary>
    Unit,
}

/// <summary>One meaningful line of a test script. <see cref="Line"/> is 1-based, for reports.</summary>
public abstract record TestDirective(int Line, TextSpan Span);

/// <summary><c>table_list default</c>: load the defaults of every tabular list before the test.</summary>
public sealed record LoadDefaultTablesDirective(int Line, TextSpan Span) : TestDirective(Line, Span);

/// <summary><c>table_list {"Table": [{row}, …], …}</c>: rows to add, per table, in file order.</summary>
public sealed record TableRowsDirective(IReadOnlyList<TestTableRows> Tables, string Json, int Line, TextSpan Span) : TestDirective(Line, Span);

/// <summary>The rows given for one table; each row is a JSON object of column values, not yet typed.</summary>
public sealed record TestTableRows(string Table, IReadOnlyList<JsonElement> Rows);

/// <summary>A <c>{…}</c> line of a unit test: one normalized event, in input order.</summary>
public sealed record InputEventDirective(JsonElement Event, string Json, int Line, TextSpan Span) : TestDirective(Line, Span);

/// <summary>
/// <c>expect N {…}</c> or <c>expect not {…}</c>: exactly <see cref="Count"/> output events match the
/// <see cref="Expected"/> object (subset match, spec §10.4). <c>expect not</c> is kept as <see cref="IsNot"/>
/// with a count of 0, which the spec says is equivalent.
/// </summary>
public sealed record ExpectDirective(int Count, bool IsNot, JsonElement Expected, string Json, int Line, TextSpan Span) : TestDirective(Line, Span);

/// <summary>A parsed <c>.tc</c> or <c>.sc</c> file: its directives in file order, with typed views over them.</summary>
public sealed class TestScript
{
    public TestScript(SourceText source, TestScriptKind kind, IReadOnlyList<TestDirective> directives)
    {
        Source = source;
        Kind = kind;
        Directives = directives;
        Inputs = [.. directives.OfType<InputEventDirective>()];
        Expectations = [.. directives.OfType<ExpectDirective>()];
        TableRows = [.. directives.OfType<TableRowsDirective>()];
        LoadsDefaultTables = directives.Any(d => d is LoadDefaultTablesDirective);
    }

    public SourceText Source { get; }
    public TestScriptKind Kind { get; }
    public IReadOnlyList<TestDirective> Directives { get; }
    public IReadOnlyList<InputEventDirective> Inputs { get; }
    public IReadOnlyList<ExpectDirective> Expectations { get; }
    public IReadOnlyList<TableRowsDirective> TableRows { get; }
    public bool LoadsDefaultTables { get; }
}
