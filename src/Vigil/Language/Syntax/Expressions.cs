using System.Collections.Immutable;
using Vigil.Language.Text;

namespace Vigil.Language.Syntax;

public abstract record SyntaxNode(TextSpan Span);

public abstract record ExpressionSyntax(TextSpan Span) : SyntaxNode(Span);

public enum LiteralKind : byte { String, Number, Float, Bool, Null, Duration }

/// <summary>A literal; Duration literals carry seconds in <see cref="Number"/>.</summary>
public sealed record LiteralExpression(TextSpan Span, LiteralKind Kind, string? Text, long Number, double Float) : ExpressionSyntax(Span);

/// <summary>A bare name: a taxonomy field of the current event (or a column / parameter where those apply).</summary>
public sealed record NameExpression(TextSpan Span, string Name) : ExpressionSyntax(Span);

/// <summary><c>$name</c>: a temporary, an input root (formulas), a correlation-event field (handlers) or a parameter.</summary>
public sealed record VariableExpression(TextSpan Span, string Name) : ExpressionSyntax(Span);

/// <summary><c>column::name</c> inside a query or insert_into.</summary>
public sealed record ColumnExpression(TextSpan Span, string Name) : ExpressionSyntax(Span);

public sealed record IndexExpression(TextSpan Span, ExpressionSyntax Target, ExpressionSyntax Index) : ExpressionSyntax(Span);

public sealed record CallExpression(TextSpan Span, string Name, TextSpan NameSpan, ImmutableArray<ExpressionSyntax> Arguments) : ExpressionSyntax(Span);

/// <summary><c>filter::Name(args)</c>.</summary>
public sealed record MacroCallExpression(TextSpan Span, string Name, TextSpan NameSpan, ImmutableArray<ExpressionSyntax> Arguments) : ExpressionSyntax(Span);

public enum UnaryOperator : byte { Not, Negate }

public sealed record UnaryExpression(TextSpan Span, UnaryOperator Operator, ExpressionSyntax Operand) : ExpressionSyntax(Span);

public enum BinaryOperator : byte { Or, And, Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual, Add, Subtract, Multiply, Divide, Modulo }

public sealed record BinaryExpression(TextSpan Span, BinaryOperator Operator, TextSpan OperatorSpan, ExpressionSyntax Left, ExpressionSyntax Right) : ExpressionSyntax(Span);

public sealed record ListExpression(TextSpan Span, ImmutableArray<ExpressionSyntax> Items) : ExpressionSyntax(Span);

public sealed record ConditionalBranch(ExpressionSyntax Condition, ExpressionSyntax Value);

/// <summary><c>if c then a elif c2 then b else d endif</c> used as a value.</summary>
public sealed record IfExpression(TextSpan Span, ImmutableArray<ConditionalBranch> Branches, ExpressionSyntax? Else) : ExpressionSyntax(Span);

public sealed record SwitchCase(ExpressionSyntax Match, ExpressionSyntax Value);

/// <summary><c>switch e case v1 r1 case v2 r2 … endswitch</c> used as a value.</summary>
public sealed record SwitchExpression(TextSpan Span, ExpressionSyntax Subject, ImmutableArray<SwitchCase> Cases, ExpressionSyntax? Default) : ExpressionSyntax(Span);

/// <summary>Stands where the parser expected an expression and reported an error.</summary>
public sealed record MissingExpression(TextSpan Span) : ExpressionSyntax(Span);
