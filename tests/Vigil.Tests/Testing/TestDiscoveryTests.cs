using Vigil.Language.Diagnostics;
using Vigil.Testing;

namespace Vigil.Tests.Testing;

public sealed class TestDiscoveryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "vigil-discovery-" + Guid.NewGuid().ToString("N"));

    public TestDiscoveryTests()
    {
        Touch("packages/p/normalization_formulas/Vendor/Login/formula.xp",
              "packages/p/normalization_formulas/Vendor/Login/tests/raw_1.txt",
              "packages/p/normalization_formulas/Vendor/Login/tests/norm_1.js",
              "packages/p/normalization_formulas/Vendor/Login/tests/raw_10.txt",
              "packages/p/normalization_formulas/Vendor/Login/tests/norm_10.js",
              "packages/p/normalization_formulas/Vendor/Login/tests/raw_2.txt",
              "packages/p/normalization_formulas/Vendor/Login/tests/norm_2.js",
              "packages/p/normalization_formulas/Vendor/Login/tests/raw_3.txt",    // no norm_3.js
              "packages/p/normalization_formulas/Vendor/Login/tests/norm_4.js",    // no raw_4.txt
              "packages/p/normalization_formulas/Vendor/Login/tests/notes.txt",
              "packages/p/normalization_formulas/Vendor/NoTests/formula.xp",
              "packages/p/correlation_rules/grp/Brute/rule.co",
              "packages/p/correlation_rules/grp/Brute/tests/test_conds_2.tc",
              "packages/p/correlation_rules/grp/Brute/tests/raw_events_2.json",
              "packages/p/correlation_rules/grp/Brute/tests/test_conds_1.tc",
              "packages/p/correlation_rules/grp/Brute/tests/raw_events_1.json",
              "packages/p/correlation_rules/grp/Brute/tests/test_conds_3.tc",      // no raw_events_3.json
              "packages/p/correlation_rules/grp/Brute/tests/raw_events_4.json",    // no test_conds_4.tc
              "packages/p/correlation_rules/grp/Brute/tests/test_10.sc",
              "packages/p/correlation_rules/grp/Brute/tests/test_2.sc",
              "packages/p/correlation_rules/grp/Brute/tests/extra.sc",
              "packages/p/enrichment_rules/Enrich/rule.en",
              "packages/p/enrichment_rules/Enrich/tests/test_conds_1.tc",
              "packages/p/enrichment_rules/Enrich/tests/raw_events_1.json",
              ".git/objects/formula.xp");
    }

    private void Touch(params string[] paths)
    {
        foreach (var p in paths)
        {
            var full = Path.Combine(_root, p);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, "");
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void Formula_tests_are_paired_by_number_in_numeric_order_with_root_relative_paths()
    {
        var bag = new DiagnosticBag();
        var kb = TestDiscovery.Discover(_root, bag);

        Assert.Equal(["Login", "NoTests"], kb.Formulas.Select(f => f.Name)); // .git is hidden
        var login = kb.Formulas[0];
        Assert.Equal("packages/p/normalization_formulas/Vendor/Login", login.Directory);
        Assert.Equal("packages/p/normalization_formulas/Vendor/Login/formula.xp", login.FormulaPath);
        Assert.Equal([1, 2, 10], login.Tests.Select(t => t.Number));
        Assert.Equal("packages/p/normalization_formulas/Vendor/Login/tests/raw_10.txt", login.Tests[2].RawPath);
        Assert.Equal("packages/p/normalization_formulas/Vendor/Login/tests/norm_10.js", login.Tests[2].ExpectedPath);
        Assert.True(File.Exists(kb.FullPath(login.Tests[0].RawPath)));
        Assert.Empty(kb.Formulas[1].Tests);

        var unpaired = bag.Items.Where(d => d.Code == "XP0609").Select(d => d.Path).ToList();
        Assert.Equal(["packages/p/normalization_formulas/Vendor/Login/tests/raw_3.txt",
                      "packages/p/normalization_formulas/Vendor/Login/tests/norm_4.js"], unpaired);
    }

    [Fact]
    public void Rule_tests_pair_conditions_with_raw_events_and_list_unit_tests()
    {
        var bag = new DiagnosticBag();
        var kb = TestDiscovery.Discover(_root, bag);

        Assert.Equal([(RuleKind.Correlation, "Brute"), (RuleKind.Enrichment, "Enrich")], kb.Rules.Select(r => (r.Kind, r.Name)));
        var brute = kb.Rules[0];
        Assert.Equal("packages/p/correlation_rules/grp/Brute/rule.co", brute.RulePath);
        Assert.Equal([1, 2], brute.IntegrationTests.Select(t => t.Number));
        Assert.Equal("packages/p/correlation_rules/grp/Brute/tests/raw_events_2.json", brute.IntegrationTests[1].RawEventsPath);
        Assert.Equal("packages/p/correlation_rules/grp/Brute/tests/test_conds_2.tc", brute.IntegrationTests[1].ConditionsPath);
        Assert.Equal(["test_2", "test_10", "extra"], brute.UnitTests.Select(u => u.Name));
        Assert.Equal([2, 10, null], brute.UnitTests.Select(u => u.Number));
        Assert.Equal("packages/p/correlation_rules/grp/Brute/tests/extra.sc", brute.UnitTests[2].ScriptPath);
        Assert.Single(kb.Rules[1].IntegrationTests);

        var missing = Assert.Single(bag.Items, d => d.Code == "XP0610");
        Assert.Equal(Severity.Error, missing.Severity);
        Assert.Contains("raw_events_3.json", missing.Message);
        var orphan = Assert.Single(bag.Items, d => d.Code == "XP0611");
        Assert.Equal(Severity.Warning, orphan.Severity);
        Assert.Equal("packages/p/correlation_rules/grp/Brute/tests/raw_events_4.json", orphan.Path);
    }

    [Fact]
    public void Single_formula_folder_discovery_gives_folder_relative_paths()
    {
        var bag = new DiagnosticBag();
        var tests = TestDiscovery.DiscoverNormalizationTests(Path.Combine(_root, "packages/p/normalization_formulas/Vendor/Login"), bag);
        Assert.Equal(["tests/raw_1.txt", "tests/raw_2.txt", "tests/raw_10.txt"], tests.Select(t => t.RawPath));
    }

    [Fact]
    public void Missing_root_is_a_diagnostic_and_an_empty_result()
    {
        var bag = new DiagnosticBag();
        var kb = TestDiscovery.Discover(Path.Combine(_root, "absent"), bag);
        Assert.Empty(kb.Formulas);
        Assert.Empty(kb.Rules);
        Assert.Equal("XP0612", Assert.Single(bag.Items).Code);
    }
}
