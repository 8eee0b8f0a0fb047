using System.Collections.Immutable;
using Vigil.Events;
using Vigil.Language.Syntax;
using Vigil.Language.Text;
using Vigil.Runtime;

namespace Vigil.Language.Binding;

/// <summary>
/// The bound tree: names resolved (fields to <see cref="FieldInfo"/>, variables to slots, calls to functions),
/// ready to be compiled to delegates. Built once per rule; nothing here is looked up by name per event.
/// </summary>
public abstract record BoundExpression(TextSpan Span);

public sealed record BoundLiteral(TextSpan Span, Value Value) : BoundExpression(Span);

/// <summary>A field of the current event (formula output being built, the event a filter tests, the source event of a handler).</summary>
public sealed record BoundFieldRead(TextSpan Span, FieldInfo Field) : BoundExpression(Span);

/// <summary>A temporary in a slot. <see cref="InputFallback"/>: a formula variable that is also assigned reads the input root until it is.</summary>
public sealed record BoundSlotRead(TextSpan Span, int Slot, string Name, bool InputFallback) : BoundExpression(Span);

/// <summary>A root variable of the formula input (<c>$Data</c>, <c>$Computer</c>, a top-level JSON key …).</summary>
public sealed record BoundInputRead(TextSpan Span, string Name) : BoundExpression(Span);

/// <summary>A <c>$</c> value of a correlation instance (its correlation-event fields and temporaries share one state array).</summary>
public sealed record BoundStateRead(TextSpan Span, int Index, string Name) : BoundExpression(Span);

/// <summary>A query parameter (<c>$p</c> in a query body), by position.</summary>
public sealed record BoundParameterRead(TextSpan Span, int Index, string Name) : BoundExpression(Span);

/// <summary>A column of the row a query predicate is testing.</summary>
public sealed record BoundColumnRead(TextSpan Span, int Column, string Name) : BoundExpression(Span);

public sealed record BoundIndex(TextSpan Span, BoundExpression Target, BoundExpression Index) : BoundExpression(Span);

public sealed record BoundCall(TextSpan Span, FunctionSymbol Function, ImmutableArray<BoundExpression> Arguments) : BoundExpression(Span);

public sealed record BoundUnary(TextSpan Span, UnaryOperator Operator, BoundExpression Operand) : BoundExpression(Span);

public sealed record BoundBinary(TextSpan Span, BinaryOperator Operator, BoundExpression Left, BoundExpression Right) : BoundExpression(Span);

public sealed record BoundList(TextSpan Span, ImmutableArray<BoundExpression> Items) : BoundExpression(Span);

public sealed record BoundIf(TextSpan Span, ImmutableArray<(BoundExpression Condition, BoundExpression Value)> Branches, BoundExpression? Else) : BoundExpression(Span);

public sealed record BoundSwitch(TextSpan Span, BoundExpression Subject, ImmutableArray<(BoundExpression Match, BoundExpression Value)> Cases, BoundExpression? Default) : BoundExpression(Span);

/// <summary><c>exec_query("Q", [args])</c>: true when a row matches (or the qhandler's map of aggregates).</summary>
public sealed record BoundQueryCall(TextSpan Span, BoundQuery Query, ImmutableArray<BoundExpression> Arguments) : BoundExpression(Span);

/// <summary><c>select_query_first("Q", [args], "column")</c>: the column of the first matching row.</summary>
public sealed record BoundSelectFirst(TextSpan Span, BoundQuery Query, ImmutableArray<BoundExpression> Arguments, int Column, string ColumnName) : BoundExpression(Span);

/// <summary><c>regex_match(value, column::c)</c> inside a query: the row's Regex column matched against a value.</summary>
public sealed record BoundRegexMatch(TextSpan Span, BoundExpression Value, int Column) : BoundExpression(Span);

/// <summary>An aggregate in a qhandler: <c>min(column::c)</c>, <c>count()</c> …</summary>
public sealed record BoundAggregate(TextSpan Span, string Function, int Column) : BoundExpression(Span);

/// <summary>Where the parser already reported an error; evaluates to null.</summary>
public sealed record BoundError(TextSpan Span) : BoundExpression(Span);

// ---------------------------------------------------------------- statements

public abstract record BoundStatement(TextSpan Span);

public enum AssignTarget : byte { Field, Slot, State, Column }

public sealed record BoundAssignment(TextSpan Span, AssignTarget Target, int Index, FieldInfo? Field, BoundExpression Value) : BoundStatement(Span);

public sealed record BoundIfStatement(TextSpan Span, ImmutableArray<(BoundExpression Condition, ImmutableArray<BoundStatement> Body)> Branches, ImmutableArray<BoundStatement>? Else) : BoundStatement(Span);

public sealed record BoundSwitchStatement(TextSpan Span, BoundExpression Subject, ImmutableArray<(BoundExpression Match, ImmutableArray<BoundStatement> Body)> Cases, ImmutableArray<BoundStatement>? Default) : BoundStatement(Span);

public sealed record BoundExpressionStatement(TextSpan Span, BoundExpression Expression) : BoundStatement(Span);

public sealed record BoundDrop(TextSpan Span) : BoundStatement(Span);

public sealed record BoundClose(TextSpan Span) : BoundStatement(Span);

/// <summary><c>submessage("FORMAT", "name", value)</c>: run the subformulas called name (in file order) on value.</summary>
public sealed record BoundSubmessage(TextSpan Span, InputFormat Format, string Name, BoundExpression Value) : BoundStatement(Span);

public sealed record BoundTableWrite(TextSpan Span, bool Insert, string Table, ImmutableArray<(int Column, string Mode, BoundExpression Value)> Columns) : BoundStatement(Span);

// ---------------------------------------------------------------- queries

/// <summary>A query bound against its table: predicate over a row with positional parameters, optional aggregate handler.</summary>
public sealed record BoundQuery(string Name, string Table, int ParameterCount, BoundExpression Predicate, ImmutableArray<(string Name, BoundExpression Aggregate)> Handler);
