using Vigil.Language.Diagnostics;
using Vigil.Tables;
using Vigil.Testing;

namespace Vigil.Tests.Testing;

/// <summary>
/// The real open-xp-rules content must load cleanly. The corpus lives outside the repository
/// (../shared/corpus/open-xp-rules next to the folder holding Vigil.slnx); when it is absent the test
/// returns early and passes, because xunit 2.9 has no dynamic skip.
/// </summary>
public class CorpusFilesTests
{
    internal static string? FindCorpus()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Vigil.slnx"))) continue;
            var corpus = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus", "open-xp-rules"));
            return Directory.Exists(corpus) ? corpus : null;
        }
        return null;
    }

    [Fact]
    public void Corpus_tables_and_test_files_load_with_zero_errors_or_pass_trivially_when_corpus_absent()
    {
        var root = FindCorpus();
        if (root is null) return; // corpus not available on this machine: nothing to check

        var bag = new DiagnosticBag();
        var errors = new List<Diagnostic>();
        void Collect()
        {
            errors.AddRange(bag.Items.Where(d => d.IsError));
            bag = new DiagnosticBag();
        }
        string Rel(string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
        List<string> Glob(string pattern) =>
            [.. Directory.EnumerateFiles(root, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

        // Tabular lists: schemas, defaults into tables.
        var schemas = new Dictionary<string, TableSchema>(StringComparer.Ordinal);
        var tableFiles = Glob("*.tl");
        foreach (var file in tableFiles)
        {
            var schema = TableSchemaLoader.LoadFile(file, bag, Rel(file));
            Collect();
            Assert.NotNull(schema);
            schemas.Add(schema.Name, schema);
            var data = new TableData(schema);
            Assert.Equal(schema.Defaults.Length, data.LoadDefaults(0));
        }
        Assert.Equal(3, tableFiles.Count);
        Assert.Equal(15, schemas["Script_Extensions"].Defaults.Length);
        Assert.Equal(2, schemas["Auto_Elevated_Binary"].Defaults.Length);
        Assert.Equal([0, 1], schemas["AD_Domain_Controllers"].PrimaryKey.ToArray()); // ip, hostname

        // Every .tc and .sc, and their table rows typed against the schemas.
        var scripts = Glob("*.tc").Concat(Glob("*.sc")).ToList();
        int expectations = 0, inputs = 0, rows = 0;
        foreach (var file in scripts)
        {
            var script = TestScriptParser.ParseFile(file, bag, Rel(file));
            Collect();
            Assert.NotNull(script);
            Assert.NotEmpty(script.Expectations);
            expectations += script.Expectations.Count;
            inputs += script.Inputs.Count;
            foreach (var table in script.TableRows.SelectMany(d => d.Tables))
            {
                var data = new TableData(schemas[table.Table]);
                foreach (var row in table.Rows)
                {
                    var result = data.UpsertJson(row, 0);
                    Assert.True(result.IsOk, $"{Rel(file)}: {result.Error}");
                    rows++;
                }
            }
        }
        Assert.True(expectations > 200 && inputs > 100 && rows > 0, $"{expectations} expectations, {inputs} inputs, {rows} rows");

        // Every expected normalization output.
        var norms = Glob("norm_*.js");
        foreach (var file in norms)
        {
            Assert.NotNull(NormalizationExpectation.ReadFile(file, bag, Rel(file)));
            Collect();
        }

        // Discovery finds exactly those files, and every raw_events file has lines.
        var kb = TestDiscovery.Discover(root, bag);
        Collect();
        Assert.Equal(norms.Select(Rel), kb.Formulas.SelectMany(f => f.Tests).Select(t => t.ExpectedPath).Order(StringComparer.Ordinal));
        var discoveredScripts = kb.Rules.SelectMany(r => r.IntegrationTests.Select(t => t.ConditionsPath).Concat(r.UnitTests.Select(u => u.ScriptPath)));
        Assert.Equal(scripts.Select(Rel).Order(StringComparer.Ordinal), discoveredScripts.Order(StringComparer.Ordinal));
        Assert.Contains(kb.Rules, r => r.Kind == RuleKind.Enrichment);
        foreach (var test in kb.Rules.SelectMany(r => r.IntegrationTests))
        {
            var raw = RawEventsFile.ReadFile(kb.FullPath(test.RawEventsPath), bag, test.RawEventsPath);
            Collect();
            Assert.NotEmpty(raw!.Lines);
        }

        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20).Select(e => e.Format())));
    }
}
