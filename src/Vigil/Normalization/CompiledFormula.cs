using Vigil.Events;
using Vigil.Language.Binding;
using Vigil.Language.Syntax;
using Vigil.Runtime;

namespace Vigil.Normalization;

/// <summary>One formula body (the formula itself or a subformula) in executable form.</summary>
public sealed class CompiledBody
{
    public required InputFormat Format { get; init; }
    /// <summary>The header argument: the TEXT pattern, the EVENTLOG/JSON filter text, the XML root name.</summary>
    public string Argument { get; init; } = "";
    public HeaderFilter? Filter { get; init; }
    public TextPatternMatcher? Matcher { get; init; }
    /// <summary>Texts one of which a line must contain for the COND to hold (TEXT formulas; null when unknown).</summary>
    public ConditionLiterals? ConditionNeeds { get; init; }
    public Func<EvalContext, bool>? Condition { get; init; }
    public required CompiledStatement Body { get; init; }
}

/// <summary>A normalization formula compiled once: header filter, pattern, COND and statements as closures.</summary>
public sealed class CompiledFormula
{
    public required string Path { get; init; }
    /// <summary>Stable name for stats and output: the formula's folder relative to its knowledge base.</summary>
    public required string Name { get; init; }
    public required CompiledBody Main { get; init; }
    public required int SlotCount { get; init; }
    public int Order { get; init; }
    /// <summary>The fields the formula's assignments (subformulas included) can set.</summary>
    public IReadOnlySet<FieldId> WrittenFields { get; init; } = new HashSet<FieldId>();

    public InputFormat Format => Main.Format;
    public override string ToString() => Name;
}
