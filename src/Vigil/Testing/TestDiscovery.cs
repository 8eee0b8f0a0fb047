using System.Globalization;
using System.Text.RegularExpressions;
using Vigil.Language.Diagnostics;
using Vigil.Language.Text;

namespace Vigil.Testing;

/// <summary>
/// Finds the tests of a knowledge base the way the vscode-xp extension does: normalization tests are
/// <c>tests/raw_N.txt</c> + <c>tests/norm_N.js</c> next to a <c>formula.xp</c>; an integration test is
/// <c>tests/test_conds_N.tc</c> + <c>tests/raw_events_N.json</c> next to a <c>rule.co</c>/<c>rule.en</c>
/// (found by the .tc, as vscode-xp's integrationTest.ts does); unit tests are every <c>tests/*.sc</c>.
/// Tests are ordered by N numerically. A half of a pair without the other half is reported; files that do
/// not follow the naming are ignored.
/// </summary>
public static partial class TestDiscovery
{
    [GeneratedRegex(@"^raw_(\d{1,9})\.txt$", RegexOptions.CultureInvariant)]
    private static partial Regex RawText();
    [GeneratedRegex(@"^norm_(\d{1,9})\.js$", RegexOptions.CultureInvariant)]
    private static partial Regex NormJs();
    [GeneratedRegex(@"^raw_events_(\d{1,9})\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex RawEvents();
    [GeneratedRegex(@"^test_conds_(\d{1,9})\.tc$", RegexOptions.CultureInvariant)]
    private static partial Regex TestConds();
    [GeneratedRegex(@"^test_(\d{1,9})\.sc$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberedUnitTest();

    private const string TestsFolder = "tests";

    /// <summary>Every formula and rule under <paramref name="root"/>, sorted by path; hidden folders (.git) are skipped.</summary>
    public static KnowledgeBaseTests Discover(string root, DiagnosticBag diagnostics)
    {
        root = Path.GetFullPath(root);
        var formulas = new List<FormulaTests>();
        var rules = new List<RuleTests>();
        List<string> files;
        try
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
            files = [.. Directory.EnumerateFiles(root, "*", options)
                .Where(f => Path.GetFileName(f) is "formula.xp" or "rule.co" or "rule.en")
                .Select(f => (Full: f, Relative: Relative(root, f)))
                .OrderBy(f => f.Relative, StringComparer.Ordinal)
                .Select(f => f.Full)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(DiagnosticFacts.CannotListDirectory(root, e.Message));
            return new KnowledgeBaseTests(root, formulas, rules);
        }

        foreach (var file in files)
        {
            string dir = Path.GetDirectoryName(file)!;
            string name = Path.GetFileName(dir);
            string relDir = Relative(root, dir);
            switch (Path.GetFileName(file))
            {
                case "formula.xp":
                    formulas.Add(new FormulaTests(name, relDir, Relative(root, file), DiscoverNormalizationTests(dir, diagnostics, root)));
                    break;
                default:
                    var kind = file.EndsWith(".co", StringComparison.Ordinal) ? RuleKind.Correlation : RuleKind.Enrichment;
                    var (integration, unit) = DiscoverRuleTests(dir, diagnostics, root);
                    rules.Add(new RuleTests(kind, name, relDir, Relative(root, file), integration, unit));
                    break;
            }
        }
        return new KnowledgeBaseTests(root, formulas, rules);
    }

    /// <summary>
    /// The raw_N.txt/norm_N.js pairs in <paramref name="formulaDir"/>/tests, by N. Paths are relative to
    /// <paramref name="relativeTo"/> (default: the formula folder).
    /// </summary>
    public static IReadOnlyList<NormalizationTestCase> DiscoverNormalizationTests(string formulaDir, DiagnosticBag diagnostics, string? relativeTo = null)
    {
        var (tests, names) = ListTests(formulaDir);
        var raws = Numbered(names, RawText());
        var norms = Numbered(names, NormJs());
        var cases = new List<NormalizationTestCase>();
        string baseDir = relativeTo ?? formulaDir;
        foreach (int n in raws.Keys.Union(norms.Keys).Order())
        {
            bool hasRaw = raws.TryGetValue(n, out var raw), hasNorm = norms.TryGetValue(n, out var norm);
            string rawPath = Relative(baseDir, Path.Combine(tests, raw ?? $"raw_{n}.txt"));
            string normPath = Relative(baseDir, Path.Combine(tests, norm ?? $"norm_{n}.js"));
            if (hasRaw && hasNorm) cases.Add(new NormalizationTestCase(n, rawPath, normPath));
            else if (hasRaw) diagnostics.Add(DiagnosticFacts.UnpairedNormalizationTest(new SourceText(rawPath, ""), rawPath, normPath));
            else diagnostics.Add(DiagnosticFacts.UnpairedNormalizationTest(new SourceText(normPath, ""), normPath, rawPath));
        }
        return cases;
    }

    /// <summary>
    /// The integration tests (by N) and unit tests (test_N.sc by N, then other .sc by name) in
    /// <paramref name="ruleDir"/>/tests. Paths are relative to <paramref name="relativeTo"/> (default: the rule folder).
    /// </summary>
    public static (IReadOnlyList<IntegrationTestCase> Integration, IReadOnlyList<UnitTestCase> Unit) DiscoverRuleTests(
        string ruleDir, DiagnosticBag diagnostics, string? relativeTo = null)
    {
        var (tests, names) = ListTests(ruleDir);
        string baseDir = relativeTo ?? ruleDir;
        var conds = Numbered(names, TestConds());
        var raws = Numbered(names, RawEvents());

        var integration = new List<IntegrationTestCase>();
        foreach (var (n, tc) in conds)
        {
            string tcPath = Relative(baseDir, Path.Combine(tests, tc));
            string rawPath = Relative(baseDir, Path.Combine(tests, raws.GetValueOrDefault(n) ?? $"raw_events_{n}.json"));
            if (raws.ContainsKey(n)) integration.Add(new IntegrationTestCase(n, rawPath, tcPath));
            else diagnostics.Add(DiagnosticFacts.MissingRawEvents(new SourceText(tcPath, ""), rawPath));
        }
        foreach (var (n, raw) in raws)
        {
            if (conds.ContainsKey(n)) continue;
            var rawPath = Relative(baseDir, Path.Combine(tests, raw));
            diagnostics.Add(DiagnosticFacts.OrphanRawEvents(new SourceText(rawPath, ""), $"test_conds_{n}.tc"));
        }

        var unit = names
            .Where(f => f.EndsWith(".sc", StringComparison.Ordinal))
            .Select(f => new UnitTestCase(
                Path.GetFileNameWithoutExtension(f),
                NumberedUnitTest().Match(f) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null,
                Relative(baseDir, Path.Combine(tests, f))))
            .OrderBy(u => u.Number ?? int.MaxValue)
            .ThenBy(u => u.Name, StringComparer.Ordinal)
            .ToList();
        return (integration, unit);
    }

    /// <summary>The tests folder and the names of its files; none when it does not exist or cannot be read.</summary>
    private static (string Folder, List<string> Names) ListTests(string dir)
    {
        string tests = Path.Combine(dir, TestsFolder);
        try
        {
            return (tests, Directory.Exists(tests) ? [.. Directory.EnumerateFiles(tests).Select(f => Path.GetFileName(f))] : []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (tests, []);
        }
    }

    /// <summary>N → file name for names matching <paramref name="pattern"/>; if two names give one N (raw_1, raw_01), the first by name wins.</summary>
    private static SortedDictionary<int, string> Numbered(List<string> names, Regex pattern)
    {
        var result = new SortedDictionary<int, string>();
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            if (pattern.Match(name) is { Success: true } m)
                result.TryAdd(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), name);
        }
        return result;
    }

    private static string Relative(string baseDir, string path) => Path.GetRelativePath(baseDir, path).Replace('\\', '/');
}
