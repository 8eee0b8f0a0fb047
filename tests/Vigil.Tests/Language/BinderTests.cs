using Vigil.KnowledgeBase;
using Vigil.Language.Diagnostics;

namespace Vigil.Tests.Language;

/// <summary>Binding through the knowledge-base loader on small synthetic folders.</summary>
public class BinderTests
{
    internal static Vigil.KnowledgeBase.KnowledgeBase Load(params (string Path, string Text)[] files)
    {
        var root = TestPaths.TempDir();
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        return KnowledgeBaseLoader.Load([root]);
    }

    private const string Macro = "filter NotFromCorrelator() {\n    correlation_name == null\n}\n";

    [Fact]
    public void Unknown_field_is_an_error_with_a_suggestion()
    {
        var kb = Load(("f/formula.xp", "JSON = ''\nsubject.acount.name = $user\n"));
        var e = Assert.Single(kb.Diagnostics, d => d.IsError);
        Assert.Equal("XP0301", e.Code);
        Assert.Contains("subject.account.name", e.Message);
        Assert.Equal((2, 1), (e.Position.Line, e.Position.Column));
    }

    [Fact]
    public void Unknown_function_is_an_error_at_its_name()
    {
        var kb = Load(("f/formula.xp", "JSON = ''\nmsgid = lowr($x)\n"));
        var e = Assert.Single(kb.Diagnostics, d => d.IsError);
        Assert.Equal("XP0302", e.Code);
        Assert.Contains("lower", e.Message);
        Assert.Equal((2, 9), (e.Position.Line, e.Position.Column));
    }

    [Fact]
    public void Wrong_number_of_arguments_is_an_error()
    {
        var kb = Load(("f/formula.xp", "JSON = ''\nmsgid = lower($x, $y)\n"));
        Assert.Equal("XP0303", Assert.Single(kb.Diagnostics, d => d.IsError).Code);
    }

    [Fact]
    public void Macros_resolve_across_the_tree_and_unknown_ones_are_errors()
    {
        var kb = Load(
            ("common/rules_filters/NotFromCorrelator/filter.flt", Macro),
            ("rules/R/rule.co", "event A:\n key: event_src.host\n filter { filter::NotFromCorrelator() and filter::NoSuchMacro() }\nrule R: A\nemit { $correlation_type = \"event\" }\n"));
        var e = Assert.Single(kb.Diagnostics, d => d.IsError);
        Assert.Equal("XP0304", e.Code);
        Assert.Contains("NoSuchMacro", e.Message);
    }

    [Fact]
    public void Macro_called_with_the_wrong_number_of_arguments_is_an_error()
    {
        var kb = Load(
            ("m/filter.flt", "filter Pair(string $a, string $b) { $a == $b }\n"),
            ("rules/R/rule.co", "event A:\n key: event_src.host\n filter { filter::Pair(msgid) }\nrule R: A\nemit { $x = 1 }\n"));
        Assert.Equal("XP0305", Assert.Single(kb.Diagnostics, d => d.IsError).Code);
    }

    [Fact]
    public void Errors_inside_a_macro_are_reported_once_on_the_macro_file()
    {
        var kb = Load(
            ("m/filter.flt", "filter Bad() { no_such_field == 1 }\n"),
            ("r1/rule.co", "event A:\n key: event_src.host\n filter { filter::Bad() }\nrule R: A\nemit { $x = 1 }\n"),
            ("r2/rule.co", "event A:\n key: event_src.host\n filter { filter::Bad() }\nrule R2: A\nemit { $x = 1 }\n"));
        var e = Assert.Single(kb.Diagnostics, d => d.IsError);
        Assert.EndsWith("filter.flt", e.Path);
    }

    [Fact]
    public void Unknown_event_in_a_pattern_and_handler_are_errors()
    {
        var kb = Load(("r/rule.co", "event A:\n key: event_src.host\n filter { msgid == \"1\" }\nrule R: A -> B\n on C { $x = 1 }\nemit { $x = 1 }\n"));
        var errors = kb.Diagnostics.Where(d => d.IsError).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal("XP0306", e.Code));
    }

    [Fact]
    public void Combined_events_must_have_keys_of_the_same_size()
    {
        var kb = Load(("r/rule.co", "event A:\n key: event_src.host\n filter { msgid == \"1\" }\nevent B:\n key: event_src.host, src.ip\n filter { msgid == \"2\" }\nrule R: A -> B\nemit { $x = 1 }\n"));
        Assert.Equal("XP0315", Assert.Single(kb.Diagnostics, d => d.IsError).Code);
    }

    [Fact]
    public void Or_branches_may_have_different_key_sizes()
    {
        var kb = Load(("r/rule.co", "event A:\n key: event_src.host\n filter { msgid == \"1\" }\nevent B:\n key: event_src.host, src.ip\n filter { msgid == \"2\" }\nrule R: A or B\nemit { $x = 1 }\n"));
        Assert.DoesNotContain(kb.Diagnostics, d => d.IsError);
    }

    [Fact]
    public void Handlers_cannot_assign_source_event_fields()
    {
        var kb = Load(("r/rule.co", "event A:\n key: event_src.host\n filter { msgid == \"1\" }\nrule R: A\n on A { msgid = \"2\" }\nemit { $x = 1 }\n"));
        Assert.Equal("XP0310", Assert.Single(kb.Diagnostics, d => d.IsError).Code);
    }

    [Fact]
    public void Enum_value_outside_the_taxonomy_is_a_warning()
    {
        var kb = Load(("f/formula.xp", "JSON = ''\naction = \"teleport\"\n"));
        var w = Assert.Single(kb.Diagnostics);
        Assert.Equal(Severity.Warning, w.Severity);
        Assert.Equal("XP0311", w.Code);
    }

    [Fact]
    public void Submessage_must_name_a_subformula_of_the_same_formula()
    {
        var kb = Load(("f/formula.xp", "TEXT = '{$m=REST}'\nsubmessage(\"TEXT\", \"nope\", $m)\n"));
        Assert.Equal("XP0313", Assert.Single(kb.Diagnostics, d => d.IsError).Code);
    }

    [Fact]
    public void Unknown_tabular_list_in_a_query_is_an_error()
    {
        var kb = Load(("r/rule.co", "query Q($x) from NoTable { column::a == $x }\nevent A:\n key: event_src.host\n filter { exec_query(\"Q\", [msgid]) }\nrule R: A\nemit { $x = 1 }\n"));
        Assert.Equal("XP0307", Assert.Single(kb.Diagnostics, d => d.IsError).Code);
    }

    [Fact]
    public void Binary_file_is_one_positioned_error()
    {
        var root = TestPaths.TempDir();
        Directory.CreateDirectory(Path.Combine(root, "f"));
        var bytes = new byte[4096];
        new Random(1).NextBytes(bytes);
        bytes[10] = 0;
        File.WriteAllBytes(Path.Combine(root, "f", "formula.xp"), bytes);
        var kb = KnowledgeBaseLoader.Load([root]);
        var e = Assert.Single(kb.Diagnostics);
        Assert.True(e.Code is "XP0001" or "XP0002");
    }
}
