using Vigil.Events;
using Vigil.Runtime;

namespace Vigil.Tests.Events;

public class FieldRunTests
{
    private static FieldId Id(string name) => Taxonomy.Default.Require(name);

    [Fact]
    public void A_run_sets_its_fields_and_counts_only_the_new_ones()
    {
        var e = new NormalizedEvent(Taxonomy.Default);
        e.Set("action", Value.String("logout"));
        // Fields far apart in the taxonomy land in different words of the set.
        var run = new FieldRun([(Id("action"), Value.String("login")), (Id("subject"), Value.String("account")), (Id("time"), Value.DateTime(1))]);
        e.SetRaw(run);
        Assert.Equal(3, e.Count);
        Assert.Equal("login", e.Get("action").AsString);
        Assert.Equal("account", e.Get("subject").AsString);
        Assert.Equal(new[] { Id("action"), Id("subject"), Id("time") }.OrderBy(i => i.Value), EnumerateIds(e));
        e.Clear();
        Assert.Equal(0, e.Count);
        Assert.True(e.Get("action").IsNull);
    }

    [Fact]
    public void A_run_that_names_a_field_twice_keeps_the_last_value()
    {
        var e = new NormalizedEvent(Taxonomy.Default);
        e.SetRaw(new FieldRun([(Id("action"), Value.String("a")), (Id("action"), Value.String("b"))]));
        Assert.Equal(1, e.Count);
        Assert.Equal("b", e.Get("action").AsString);
    }

    [Fact]
    public void A_run_holds_no_nulls()
    {
        Assert.Throws<ArgumentException>(() => new FieldRun([(Id("action"), Value.Null)]));
    }

    [Fact]
    public void Inside_an_undo_scope_a_run_is_rolled_back_field_by_field()
    {
        var e = new NormalizedEvent(Taxonomy.Default);
        e.Set("action", Value.String("logout"));
        var ctx = new EvalContext { Event = e };
        int mark = ctx.BeginUndo();
        ctx.SetFieldsCoerced(new FieldRun([(Id("action"), Value.String("login")), (Id("subject"), Value.String("account"))]));
        Assert.Equal("login", e.Get("action").AsString);
        ctx.RollbackUndo(mark);
        Assert.Equal("logout", e.Get("action").AsString);
        Assert.True(e.Get("subject").IsNull);
        Assert.Equal(1, e.Count);
    }

    private static IEnumerable<FieldId> EnumerateIds(NormalizedEvent e)
    {
        foreach (var id in e) yield return id;
    }
}
