using System.Collections.Immutable;
using Vigil.Language.Text;

namespace Vigil.Language.Syntax;

public abstract record StatementSyntax(TextSpan Span) : SyntaxNode(Span);

/// <summary><c>target = value</c>; the target is a <see cref="NameExpression"/>, <see cref="VariableExpression"/> or <see cref="ColumnExpression"/>.</summary>
public sealed record AssignmentStatement(TextSpan Span, ExpressionSyntax Target, ExpressionSyntax Value) : StatementSyntax(Span);

public sealed record IfBranch(ExpressionSyntax Condition, ImmutableArray<StatementSyntax> Body);

public sealed record IfStatement(TextSpan Span, ImmutableArray<IfBranch> Branches, ImmutableArray<StatementSyntax>? Else) : StatementSyntax(Span);

public sealed record SwitchStatementCase(ExpressionSyntax Match, ImmutableArray<StatementSyntax> Body);

public sealed record SwitchStatement(TextSpan Span, ExpressionSyntax Subject, ImmutableArray<SwitchStatementCase> Cases, ImmutableArray<StatementSyntax>? Default) : StatementSyntax(Span);

/// <summary>A call used as a statement: <c>submessage("TEXT", "name", $x)</c>.</summary>
public sealed record ExpressionStatement(TextSpan Span, ExpressionSyntax Expression) : StatementSyntax(Span);

public sealed record DropStatement(TextSpan Span) : StatementSyntax(Span);

/// <summary><c>insert_into Table { column::c = expr … }</c>: upsert a row of a tabular list.</summary>
public sealed record InsertIntoStatement(TextSpan Span, string Table, TextSpan TableSpan, ImmutableArray<AssignmentStatement> Columns) : StatementSyntax(Span);

/// <summary><c>remove_from Table { column::c = expr … }</c>: delete the row with that key (symmetric to insert_into).</summary>
public sealed record RemoveFromStatement(TextSpan Span, string Table, TextSpan TableSpan, ImmutableArray<AssignmentStatement> Columns) : StatementSyntax(Span);

/// <summary><c>close</c> in a correlation handler: the instance ends here without firing (an exception to the rule).</summary>
public sealed record CloseStatement(TextSpan Span) : StatementSyntax(Span);
