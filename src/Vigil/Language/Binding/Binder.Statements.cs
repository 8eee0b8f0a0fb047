using System.Collections.Immutable;
using Vigil.Events;
using Vigil.Language.Diagnostics;
using Vigil.Language.Syntax;

namespace Vigil.Language.Binding;

public sealed partial class Binder
{
    public ImmutableArray<BoundStatement> BindStatements(ImmutableArray<StatementSyntax> statements, BindScope scope)
    {
        var b = ImmutableArray.CreateBuilder<BoundStatement>(statements.Length);
        foreach (var s in statements)
            if (BindStatement(s, scope) is { } bound) b.Add(bound);
        return b.ToImmutable();
    }

    private BoundStatement? BindStatement(StatementSyntax s, BindScope scope)
    {
        switch (s)
        {
            case AssignmentStatement a: return BindAssignment(a, scope);
            case IfStatement i:
                return new BoundIfStatement(i.Span,
                    i.Branches.Select(br => (BindExpression(br.Condition, scope), BindStatements(br.Body, scope))).ToImmutableArray(),
                    i.Else is { } e ? BindStatements(e, scope) : null);
            case SwitchStatement sw:
                return new BoundSwitchStatement(sw.Span, BindExpression(sw.Subject, scope),
                    sw.Cases.Select(c => (BindExpression(c.Match, scope), BindStatements(c.Body, scope))).ToImmutableArray(),
                    sw.Default is { } d ? BindStatements(d, scope) : null);
            case DropStatement drop:
                if (scope.Kind != ScopeKind.Formula)
                {
                    Report(DiagnosticFacts.StatementNotAllowed(_source, drop.Span, "'drop'", "outside a normalization formula"));
                    return null;
                }
                return new BoundDrop(drop.Span);
            case CloseStatement close:
                if (scope.Kind != ScopeKind.Handler)
                {
                    Report(DiagnosticFacts.StatementNotAllowed(_source, close.Span, "'close'", "outside a correlation handler"));
                    return null;
                }
                return new BoundClose(close.Span);
            case ExpressionStatement { Expression: CallExpression { Name: "submessage" } call }:
                return BindSubmessage(call, scope);
            case ExpressionStatement es:
                return new BoundExpressionStatement(es.Span, BindExpression(es.Expression, scope));
            case InsertIntoStatement ins: return BindTableWrite(ins.Span, true, ins.Table, ins.TableSpan, ins.Columns, scope);
            case RemoveFromStatement rem: return BindTableWrite(rem.Span, false, rem.Table, rem.TableSpan, rem.Columns, scope);
            default: return null;
        }
    }

    private BoundStatement? BindAssignment(AssignmentStatement a, BindScope scope)
    {
        var value = BindExpression(a.Value, scope);
        switch (a.Target)
        {
            case NameExpression name:
                if (!scope.FieldsWritable)
                {
                    Report(scope.Kind == ScopeKind.Handler
                        ? DiagnosticFacts.AssignToSourceField(_source, name.Span, name.Name)
                        : DiagnosticFacts.StatementNotAllowed(_source, name.Span, $"assigning '{name.Name}'", "here"));
                    return null;
                }
                if (ResolveField(name.Name, name.Span) is not { } field) return null;
                CheckEnumLiteral(field, a.Value);
                return new BoundAssignment(a.Span, AssignTarget.Field, field.Id.Value, field, value);
            case VariableExpression v:
                switch (scope.Kind)
                {
                    case ScopeKind.Formula:
                    case ScopeKind.Enrichment:
                        return new BoundAssignment(a.Span, AssignTarget.Slot, scope.Slots!.GetOrAdd(v.Name), null, value);
                    case ScopeKind.Handler:
                        {
                            int index = scope.State!.GetOrAdd(v.Name, _taxonomy);
                            var stateField = scope.State.Fields[index];
                            if (stateField is not null) CheckEnumLiteral(stateField, a.Value);
                            return new BoundAssignment(a.Span, AssignTarget.State, index, stateField, value);
                        }
                    default:
                        Report(DiagnosticFacts.StatementNotAllowed(_source, v.Span, $"assigning '${v.Name}'", "here"));
                        return null;
                }
            default:
                Report(DiagnosticFacts.StatementNotAllowed(_source, a.Target.Span, "this assignment target", "here; assign a field or a $variable"));
                return null;
        }
    }

    private void CheckEnumLiteral(FieldInfo field, ExpressionSyntax value)
    {
        if (field.EnumSet is not { } allowed) return;
        if (value is LiteralExpression { Kind: LiteralKind.String, Text: { } text } && !allowed.Contains(text))
            Report(DiagnosticFacts.EnumValue(_source, value.Span, field.Name, text));
    }

    private BoundStatement? BindSubmessage(CallExpression call, BindScope scope)
    {
        if (scope.Kind != ScopeKind.Formula)
        {
            Report(DiagnosticFacts.NotAFunctionHere(_source, call.NameSpan, "submessage", "in a normalization formula"));
            return null;
        }
        if (call.Arguments.Length != 3)
        {
            Report(DiagnosticFacts.WrongArity(_source, call.NameSpan, "submessage", "3", call.Arguments.Length));
            return null;
        }
        var value = BindExpression(call.Arguments[2], scope);
        if (call.Arguments[0] is not LiteralExpression { Kind: LiteralKind.String, Text: { } fmt })
        {
            Report(DiagnosticFacts.ArgumentMustBeString(_source, call.Arguments[0].Span, "submessage", 1));
            return null;
        }
        if (call.Arguments[1] is not LiteralExpression { Kind: LiteralKind.String, Text: { } name })
        {
            Report(DiagnosticFacts.ArgumentMustBeString(_source, call.Arguments[1].Span, "submessage", 2));
            return null;
        }
        InputFormat format;
        switch (fmt.ToUpperInvariant())
        {
            case "TEXT": format = InputFormat.Text; break;
            case "XML": format = InputFormat.Xml; break;
            case "JSON": format = InputFormat.Json; break;
            case "KEYVALUE": format = InputFormat.KeyValue; break;
            case "CSV": format = InputFormat.Csv; break;
            default:
                Report(DiagnosticFacts.UnknownFormat(_source, call.Arguments[0].Span, fmt));
                return null;
        }
        if (!_formulaSubformulas.Contains(name))
        {
            Report(DiagnosticFacts.UnknownSubformula(_source, call.Arguments[1].Span, name));
            return null;
        }
        return new BoundSubmessage(call.Span, format, name, value);
    }

    private static readonly HashSet<string> InsertModes = ["insert_min", "insert_max", "insert_inc", "insert_dec"];

    private BoundStatement? BindTableWrite(Text.TextSpan span, bool insert, string tableName, Text.TextSpan tableSpan,
        ImmutableArray<AssignmentStatement> columns, BindScope scope)
    {
        if (scope.Kind is not (ScopeKind.Handler or ScopeKind.Enrichment))
        {
            Report(DiagnosticFacts.StatementNotAllowed(_source, span, insert ? "insert_into" : "remove_from", "outside correlation handlers and enrichment rules"));
            return null;
        }
        if (!_catalog.TryGetTable(tableName, out var table))
        {
            Report(DiagnosticFacts.UnknownTable(_source, tableSpan, tableName, Suggestions.Closest(tableName, _catalog.TableNames)));
            return null;
        }
        var cols = ImmutableArray.CreateBuilder<(int, string, BoundExpression)>();
        foreach (var a in columns)
        {
            var c = (ColumnExpression)a.Target;
            int index = table.IndexOf(c.Name);
            if (index < 0)
            {
                Report(DiagnosticFacts.UnknownColumn(_source, c.Span, table.Name, c.Name));
                continue;
            }
            string mode = "set";
            BoundExpression value;
            if (a.Value is CallExpression call && InsertModes.Contains(call.Name))
            {
                mode = call.Name;
                int expected = call.Name is "insert_min" or "insert_max" ? 2 : 1;
                if (call.Arguments.Length != expected)
                {
                    Report(DiagnosticFacts.WrongArity(_source, call.NameSpan, call.Name, expected.ToString(), call.Arguments.Length));
                    continue;
                }
                value = expected == 2 ? BindExpression(call.Arguments[1], scope) : new BoundLiteral(call.Span, Value.Number(1));
            }
            else value = BindExpression(a.Value, scope);
            cols.Add((index, mode, value));
        }
        return new BoundTableWrite(span, insert, table.Name, cols.ToImmutable());
    }
}
