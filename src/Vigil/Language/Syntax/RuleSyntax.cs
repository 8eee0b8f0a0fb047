using System.Collections.Immutable;
using Vigil.Language.Text;

namespace Vigil.Language.Syntax;

/// <summary><c>event Name: key: f1, f2 filter { expr }</c></summary>
public sealed record EventDeclaration(TextSpan Span, string Name, TextSpan NameSpan, ImmutableArray<NameExpression> Key, ExpressionSyntax? Filter) : SyntaxNode(Span);

public sealed record QueryParameter(string Name, TextSpan Span);

/// <summary><c>query Name($a, $b) from Table { predicate } [qhandler { … }]</c></summary>
public sealed record QueryDeclaration(TextSpan Span, string Name, TextSpan NameSpan, ImmutableArray<QueryParameter> Parameters,
    string Table, TextSpan TableSpan, ExpressionSyntax Predicate, ImmutableArray<StatementSyntax>? Handler) : SyntaxNode(Span);

public sealed record OnHandler(TextSpan Span, string EventName, TextSpan NameSpan, ImmutableArray<StatementSyntax> Body) : SyntaxNode(Span);

/// <summary><c>rule Name: pattern [init {…}] [on E {…}]* emit {…}</c></summary>
public sealed record RuleDeclaration(TextSpan Span, string Name, TextSpan NameSpan, PatternSyntax Pattern,
    ImmutableArray<StatementSyntax>? Init, ImmutableArray<OnHandler> Handlers, ImmutableArray<StatementSyntax>? Emit) : SyntaxNode(Span);

public sealed record EnrichBlock(TextSpan Span, string EventName, TextSpan NameSpan, ImmutableArray<StatementSyntax> Body) : SyntaxNode(Span);

/// <summary><c>enrichment Name enrich E: enrich_fields { … } …</c></summary>
public sealed record EnrichmentDeclaration(TextSpan Span, string Name, TextSpan NameSpan, ImmutableArray<EnrichBlock> Blocks) : SyntaxNode(Span);

public sealed record MacroParameter(string Type, string Name, TextSpan Span);

/// <summary><c>filter Name(string $a, …) { expr }</c> (a .flt file).</summary>
public sealed record FilterMacroDeclaration(TextSpan Span, string Name, TextSpan NameSpan, ImmutableArray<MacroParameter> Parameters, ExpressionSyntax Body) : SyntaxNode(Span);

/// <summary>Any of .co, .en, .flt: the parser accepts every declaration kind and the binder says which belong where.</summary>
public sealed record RuleFileSyntax(SourceText Source, ImmutableArray<QueryDeclaration> Queries, ImmutableArray<EventDeclaration> Events,
    ImmutableArray<RuleDeclaration> Rules, ImmutableArray<EnrichmentDeclaration> Enrichments, ImmutableArray<FilterMacroDeclaration> Macros);

// ---- correlation patterns

public abstract record PatternSyntax(TextSpan Span) : SyntaxNode(Span);

public sealed record EventPattern(TextSpan Span, string Name) : PatternSyntax(Span);

/// <summary><c>A -> B -> C</c>: strict order in event time.</summary>
public sealed record SequencePattern(TextSpan Span, ImmutableArray<PatternSyntax> Items) : PatternSyntax(Span);

public sealed record AndPattern(TextSpan Span, ImmutableArray<PatternSyntax> Items) : PatternSyntax(Span);

public sealed record OrPattern(TextSpan Span, ImmutableArray<PatternSyntax> Items) : PatternSyntax(Span);

/// <summary><c>X?</c>, <c>X*</c>, <c>X+</c>, <c>X[n]</c>, <c>X[n, m]</c>, <c>X[n, ]</c>; Max null = unbounded. Optional <c>with different field</c>.</summary>
public sealed record QuantifiedPattern(TextSpan Span, PatternSyntax Inner, int Min, int? Max, NameExpression? Different) : PatternSyntax(Span);

public enum WindowKind : byte { Within, Timer, TimeoutTimer }

/// <summary><c>P within 10s</c>, <c>P timer 1m</c>, <c>P timeout_timer 5s</c>.</summary>
public sealed record WindowPattern(TextSpan Span, PatternSyntax Inner, WindowKind Kind, long Seconds) : PatternSyntax(Span);

public sealed record MissingPattern(TextSpan Span) : PatternSyntax(Span);
