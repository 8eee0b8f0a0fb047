using Vigil.Events;
using Vigil.KnowledgeBase;
using Vigil.Normalization;
using Vigil.Runtime;

namespace Vigil.Tests.Normalization;

public class NormalizerTests
{
    private static (CompiledKnowledgeBase Kb, EvalContext Ctx) Load(params (string, string)[] files)
    {
        var kb = Language.BinderTests.Load(files);
        Assert.False(kb.HasErrors, string.Join("\n", kb.Diagnostics.Select(d => d.ToString())));
        return (CompiledKnowledgeBase.Compile(kb), new EvalContext());
    }

    private static IRawView Json(string json)
    {
        var doc = System.Text.Json.JsonDocument.Parse(json);
        return new StructuredRawView(RawShape.Json, new JsonValueMap(doc.RootElement), json);
    }

    [Fact]
    public void The_first_formula_in_path_order_that_applies_wins()
    {
        var (kb, ctx) = Load(
            ("a/formula.xp", "JSON = ''\nCOND = $kind == \"x\"\nid = \"a\""),
            ("b/formula.xp", "JSON = ''\nCOND = $kind != null\nid = \"b\""));
        var e = new NormalizedEvent(kb.Taxonomy);
        Assert.Equal("a", kb.Normalizer.Normalize(Json("{\"kind\":\"x\"}"), e, ctx).Formula!.Name);
        Assert.Equal("b", kb.Normalizer.Normalize(Json("{\"kind\":\"y\"}"), e, ctx).Formula!.Name);
        Assert.Equal("b", e.Get("id").ToText());
    }

    [Fact]
    public void Drop_keeps_the_event_raw_with_the_formula_as_reason()
    {
        var (kb, ctx) = Load(("a/formula.xp", "JSON = ''\nif $noise == true then\n  drop\nendif\nid = \"a\""));
        var e = new NormalizedEvent(kb.Taxonomy);
        var r = kb.Normalizer.Normalize(Json("{\"noise\":true}"), e, ctx);
        Assert.Equal(NormalizeStatus.Dropped, r.Status);
        Assert.Equal(0, e.Count);
    }

    [Fact]
    public void Json_header_filter_compares_the_key_as_text()
    {
        var (kb, ctx) = Load(("a/formula.xp", "JSON = 'EventCode=4768'\nmsgid = $EventCode"));
        var e = new NormalizedEvent(kb.Taxonomy);
        Assert.Equal(NormalizeStatus.Normalized, kb.Normalizer.Normalize(Json("{\"EventCode\":4768}"), e, ctx).Status);
        Assert.Equal("4768", e.Get("msgid").ToText());
        Assert.Equal(NormalizeStatus.Unmatched, kb.Normalizer.Normalize(Json("{\"EventCode\":4769}"), e, ctx).Status);
    }

    [Fact]
    public void No_formula_leaves_the_event_unmatched_and_the_output_empty()
    {
        var (kb, ctx) = Load(("a/formula.xp", "JSON = ''\nCOND = $kind == \"x\"\nid = \"a\""));
        var e = new NormalizedEvent(kb.Taxonomy);
        Assert.Equal(NormalizeStatus.Unmatched, kb.Normalizer.Normalize(Json("{\"kind\":\"z\"}"), e, ctx).Status);
        Assert.Equal(0, e.Count);
    }

    [Fact]
    public void Reading_a_missing_key_or_indexing_null_is_null_not_an_error()
    {
        var (kb, ctx) = Load(("a/formula.xp", "JSON = ''\nobject.name = $a[\"b\"][3][\"c\"]\nobject.value = coalesce($a[\"b\"], \"dflt\")"));
        var e = new NormalizedEvent(kb.Taxonomy);
        Assert.Equal(NormalizeStatus.Normalized, kb.Normalizer.Normalize(Json("{}"), e, ctx).Status);
        Assert.True(e.Get("object.name").IsNull);
        Assert.Equal("dflt", e.Get("object.value").ToText());
    }
}
