using Vigil.Events;
using Vigil.Language.Binding;
using Vigil.Language.Syntax;
using Vigil.Runtime;

namespace Vigil.Correlation;

/// <summary>An <c>event</c> declaration of a rule: filter and key, compiled.</summary>
public sealed class CompiledEvent
{
    public required string Name { get; init; }
    /// <summary>Index of the declaration within its rule (the event id patterns use).</summary>
    public required int Id { get; init; }
    public required FieldId[] Key { get; init; }
    public required Func<EvalContext, bool> Filter { get; init; }
    public required BoundExpression BoundFilter { get; init; }
    public required CompiledRule Rule { get; init; }
}

/// <summary>One top-level <c>or</c> alternative of a rule, with its own window and instances.</summary>
internal sealed class CompiledBranch
{
    public required CompiledRule Rule { get; init; }
    public required int Index { get; init; }
    internal PatternNode Root { get; set; } = null!;
    public required WindowKind? Window { get; init; }
    public required long WindowTicks { get; init; }
    /// <summary>Event ids (declaration indexes) that occur in this branch.</summary>
    public required bool[] UsesEvent { get; init; }
    public int CountSlots { get; set; }
    public int TimeSlots { get; set; }
    public int DistinctSlots { get; set; }

    /// <summary><c>within</c> or no window: fire as soon as the pattern is satisfied. Timers fire at expiry.</summary>
    public bool FiresWhenSatisfied => Window is null or WindowKind.Within;
}

/// <summary>A correlation rule compiled once: events, branches, handlers and emit as closures, and the state layout.</summary>
public sealed class CompiledRule
{
    public required string Name { get; init; }
    public required string Path { get; init; }
    public required int Index { get; init; }
    public CompiledEvent[] Events { get; internal set; } = [];
    internal CompiledBranch[] Branches { get; set; } = [];
    public required CompiledStatement Init { get; init; }
    /// <summary>Handler per event id (null when the rule has no <c>on</c> for that event).</summary>
    public required CompiledStatement?[] Handlers { get; init; }
    public required CompiledStatement Emit { get; init; }
    public required int StateSize { get; init; }
    /// <summary>Per state index: the taxonomy field it is emitted to, or null for a temporary.</summary>
    public required FieldInfo?[] StateFields { get; init; }
    public required int CorrelationNameSlot { get; init; }
    public int TimeSlot { get; init; } = -1;
    /// <summary>
    /// The fields this rule reads from an event (filters, keys, handlers, emit, <c>with different</c>, time), by id;
    /// null when it may read others.
    /// </summary>
    public FieldId[]? FieldsRead { get; init; }

    /// <summary>
    /// Marks (by field id) the fields any of <paramref name="rules"/> reads from an event; null when one of them may
    /// read any. What holds an event for these rules may keep just those.
    /// </summary>
    public static bool[]? ReadMask(IEnumerable<CompiledRule> rules, Taxonomy taxonomy)
    {
        var mask = new bool[taxonomy.Count];
        mask[taxonomy.Time.Value] = true; // the engine orders events by it
        foreach (var r in rules)
        {
            if (r.FieldsRead is not { } fields) return null;
            foreach (var f in fields) mask[f.Value] = true;
        }
        return mask;
    }

    public override string ToString() => Name;
}
