using System.Collections.Immutable;
using Vigil.Events;
using Vigil.Language.Syntax;
using Vigil.Language.Text;

namespace Vigil.Language.Binding;

/// <summary>Where a TEXT pattern capture is written: a taxonomy field or a temporary slot.</summary>
public readonly record struct CaptureTarget(FieldInfo? Field, int Slot);

/// <summary>The filter in a format header: <c>EventID="4624"</c>, <c>EventID.text="5805"</c>, <c>EventCode=4768</c>.</summary>
public sealed record HeaderFilter(ImmutableArray<string> Path, string Value);

public sealed record BoundFormulaBody(
    FormatHeader? Header,
    HeaderFilter? Filter,
    BoundExpression? Condition,
    ImmutableArray<BoundStatement> Statements,
    IReadOnlyDictionary<PatternCapture, CaptureTarget> Captures);

public sealed record BoundSubformula(string Name, BoundFormulaBody Body);

/// <summary>A normalization formula with its subformulas, sharing one set of variable slots.</summary>
public sealed record BoundFormula(SourceText Source, BoundFormulaBody Main, ImmutableArray<BoundSubformula> Subformulas, int SlotCount, ImmutableArray<string> SlotNames);

public sealed record BoundEvent(string Name, TextSpan NameSpan, ImmutableArray<FieldInfo> Key, BoundExpression Filter);

public sealed record BoundHandler(string Event, ImmutableArray<BoundStatement> Body);

public sealed record BoundRule(string Name, TextSpan NameSpan, PatternSyntax Pattern, ImmutableArray<BoundStatement> Init,
    ImmutableArray<BoundHandler> Handlers, ImmutableArray<BoundStatement> Emit, StateLayout State);

public sealed record BoundEnrichBlock(string Event, ImmutableArray<BoundStatement> Body);

public sealed record BoundEnrichment(string Name, ImmutableArray<BoundEnrichBlock> Blocks, int SlotCount);

/// <summary>A bound .co or .en file: its events, rules or enrichments, and the queries they use.</summary>
public sealed record BoundRuleFile(SourceText Source, ImmutableArray<BoundEvent> Events, ImmutableArray<BoundRule> Rules,
    ImmutableArray<BoundEnrichment> Enrichments, IReadOnlyDictionary<string, BoundQuery> Queries);
