using System.Collections.Immutable;
using Vigil.Language.Text;

namespace Vigil.Language.Syntax;

public enum InputFormat : byte { Text, Json, Xml, EventLog, KeyValue, Csv, Tabular }

/// <summary><c>EVENTLOG = 'EventID="4624"'</c>: the input format and its argument (a TEXT pattern, an event filter, an XML root …).</summary>
public sealed record FormatHeader(TextSpan Span, InputFormat Format, bool Negated, string Argument, TextSpan ArgumentSpan, TextPattern? Pattern) : SyntaxNode(Span);

/// <summary>The body of a formula or subformula: header, optional COND, statements.</summary>
public sealed record FormulaBody(TextSpan Span, FormatHeader? Header, ExpressionSyntax? Condition, bool ConditionNegated, ImmutableArray<StatementSyntax> Statements) : SyntaxNode(Span);

public sealed record SubformulaSyntax(TextSpan Span, string Name, TextSpan NameSpan, FormulaBody Body) : SyntaxNode(Span);

/// <summary>A parsed normalization formula file (formula.xp).</summary>
public sealed record FormulaSyntax(SourceText Source, FormulaBody Body, ImmutableArray<SubformulaSyntax> Subformulas);
