using Vigil.Language.Diagnostics;
using Vigil.Language.Text;
using Vigil.Tables;

namespace Vigil.Tests.Tables;

/// <summary>Loads YAML text as a table.tl and gives the diagnostics in a form easy to assert on.</summary>
internal static class TableYaml
{
    public static (TableSchema? Schema, IReadOnlyList<Diagnostic> Diagnostics) Load(string yaml)
    {
        var bag = new DiagnosticBag();
        var schema = TableSchemaLoader.Load(new SourceText("t/table.tl", yaml), bag);
        return (schema, bag.Items);
    }

    /// <summary>The one diagnostic with <paramref name="code"/>; fails if there is not exactly one.</summary>
    public static Diagnostic Single(IReadOnlyList<Diagnostic> diagnostics, string code)
    {
        var matches = diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matches.Count == 1, $"expected one {code}, got: {string.Join(" | ", diagnostics)}");
        return matches[0];
    }

    public static string At(Diagnostic d) => $"{d.Position.Line}:{d.Position.Column}";

    public const string Minimal = """
        name: Hosts
        type: 1
        fillType: Registry
        fields:
          - host:
              type: String
              primaryKey: true
              nullable: false
        """;
}
