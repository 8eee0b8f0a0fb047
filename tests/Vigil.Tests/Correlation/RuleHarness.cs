using Vigil.Correlation;
using Vigil.Events;
using Vigil.KnowledgeBase;

namespace Vigil.Tests.Correlation;

/// <summary>Compiles a one-rule knowledge base from text and feeds it events given as field maps.</summary>
internal sealed class RuleHarness
{
    private readonly CompiledKnowledgeBase _kb;
    public readonly List<NormalizedEvent> Output = [];
    public readonly CorrelationEngine Engine;

    public RuleHarness(string rule, CorrelationOptions? options = null)
    {
        var kb = Language.BinderTests.Load(("r/rule.co", rule), ("f/filter.flt", "filter NotFromCorrelator() { correlation_name == null }\n"));
        Assert.False(kb.HasErrors, string.Join("\n", kb.Diagnostics.Select(d => d.ToString())));
        _kb = CompiledKnowledgeBase.Compile(kb);
        Engine = new CorrelationEngine(_kb.Rules, _kb.Taxonomy, options ?? new CorrelationOptions { AssignUuids = false }) { Output = Output.Add };
    }

    /// <summary>An event at <paramref name="second"/> seconds after a fixed epoch with the given fields.</summary>
    public NormalizedEvent Event(int second, params (string Field, object Value)[] fields)
    {
        var e = new NormalizedEvent(_kb.Taxonomy);
        e.Set("time", Value.DateTime(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(second)));
        foreach (var (f, v) in fields)
            e.Set(f, v switch { int i => Value.Number(i), string s => Value.String(s), _ => Value.Null });
        return e;
    }

    public void Feed(int second, params (string Field, object Value)[] fields) => Engine.Process(Event(second, fields));

    public void Flush() => Engine.Flush();

    public int Fired(string rule) => Output.Count(o => o.Get("correlation_name").ToText() == rule);
}
