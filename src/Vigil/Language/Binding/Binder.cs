using System.Collections.Immutable;
using Vigil.Events;
using Vigil.Language.Diagnostics;
using Vigil.Language.Syntax;
using Vigil.Language.Text;

namespace Vigil.Language.Binding;

/// <summary>
/// Resolves names in syntax trees and produces bound trees with diagnostics. One binder per source file;
/// split over partial files: expressions (here), calls (Binder.Calls.cs), statements (Binder.Statements.cs).
/// </summary>
public sealed partial class Binder
{
    private readonly SourceText _source;
    private readonly DiagnosticBag _diagnostics;
    private readonly Taxonomy _taxonomy;
    private readonly IBindingCatalog _catalog;
    private readonly IReadOnlyDictionary<string, QueryDeclaration> _queries;
    private readonly Dictionary<string, BoundQuery> _boundQueries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failedQueries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _formulaSubformulas;
    private readonly Stack<string> _macroStack = new();
    private bool _silent; // while inlining a macro body its own diagnostics are already reported on the .flt file

    public Binder(SourceText source, DiagnosticBag diagnostics, Taxonomy taxonomy, IBindingCatalog catalog,
        IReadOnlyDictionary<string, QueryDeclaration>? queries = null, IEnumerable<string>? subformulaNames = null)
    {
        _source = source;
        _diagnostics = diagnostics;
        _taxonomy = taxonomy;
        _catalog = catalog;
        _queries = queries ?? new Dictionary<string, QueryDeclaration>();
        _formulaSubformulas = new HashSet<string>(subformulaNames ?? [], StringComparer.Ordinal);
    }

    public Taxonomy Taxonomy => _taxonomy;
    public IReadOnlyDictionary<string, BoundQuery> BoundQueries => _boundQueries;
    public bool IsQueryResolved(string name) => _boundQueries.ContainsKey(name) || _failedQueries.Contains(name);

    private void Report(Diagnostic d)
    {
        if (!_silent) _diagnostics.Add(d);
    }

    public BoundExpression BindExpression(ExpressionSyntax e, BindScope scope) => e switch
    {
        LiteralExpression lit => BindLiteral(lit),
        NameExpression name => BindName(name, scope),
        VariableExpression v => BindVariable(v, scope),
        ColumnExpression c => BindColumn(c, scope),
        IndexExpression ix => new BoundIndex(ix.Span, BindExpression(ix.Target, scope), BindExpression(ix.Index, scope)),
        CallExpression call => BindCall(call, scope),
        MacroCallExpression macro => BindMacroCall(macro, scope),
        UnaryExpression u => new BoundUnary(u.Span, u.Operator, BindExpression(u.Operand, scope)),
        BinaryExpression b => new BoundBinary(b.Span, b.Operator, BindExpression(b.Left, scope), BindExpression(b.Right, scope)),
        ListExpression l => new BoundList(l.Span, l.Items.Select(i => BindExpression(i, scope)).ToImmutableArray()),
        IfExpression ie => new BoundIf(ie.Span,
            ie.Branches.Select(br => (BindExpression(br.Condition, scope), BindExpression(br.Value, scope))).ToImmutableArray(),
            ie.Else is null ? null : BindExpression(ie.Else, scope)),
        SwitchExpression se => new BoundSwitch(se.Span, BindExpression(se.Subject, scope),
            se.Cases.Select(c => (BindExpression(c.Match, scope), BindExpression(c.Value, scope))).ToImmutableArray(),
            se.Default is null ? null : BindExpression(se.Default, scope)),
        MissingExpression m => new BoundError(m.Span),
        _ => new BoundError(e.Span),
    };

    public static Value LiteralValue(LiteralExpression lit) => lit.Kind switch
    {
        LiteralKind.String => Value.String(lit.Text),
        LiteralKind.Number => Value.Number(lit.Number),
        LiteralKind.Float => Value.Double(lit.Float),
        LiteralKind.Bool => Value.Bool(lit.Number != 0),
        LiteralKind.Duration => Value.Number(lit.Number), // durations are seconds (incident.aggregation.timeout = 2h → 7200)
        _ => Value.Null,
    };

    private static BoundExpression BindLiteral(LiteralExpression lit) => new BoundLiteral(lit.Span, LiteralValue(lit));

    private BoundExpression BindName(NameExpression name, BindScope scope)
    {
        if (scope.Kind == ScopeKind.Query && scope.Table is { } table)
        {
            int col = table.IndexOf(name.Name);
            if (col >= 0) return new BoundColumnRead(name.Span, col, name.Name);
        }
        if (scope.Kind == ScopeKind.QueryHandler)
        {
            Report(DiagnosticFacts.StatementNotAllowed(_source, name.Span, $"reading '{name.Name}'", "in a qhandler; use column::name inside an aggregate"));
            return new BoundError(name.Span);
        }
        if (ResolveField(name.Name, name.Span) is { } field) return new BoundFieldRead(name.Span, field);
        return new BoundError(name.Span);
    }

    /// <summary>Resolves a taxonomy field or reports it (with the closest name as a suggestion).</summary>
    public FieldInfo? ResolveField(string name, TextSpan span)
    {
        if (_taxonomy.TryGetField(name, out var f)) return f;
        Report(DiagnosticFacts.UnknownField(_source, span, name, Suggestions.Closest(name, _taxonomy.Fields.Select(x => x.Name))));
        return null;
    }

    private BoundExpression BindVariable(VariableExpression v, BindScope scope)
    {
        if (scope.MacroArguments is { } margs)
        {
            if (margs.TryGetValue(v.Name, out var arg)) return arg;
            Report(DiagnosticFacts.UnknownParameter(_source, v.Span, "$" + v.Name));
            return new BoundError(v.Span);
        }
        switch (scope.Kind)
        {
            case ScopeKind.Formula:
                if (scope.AssignedVariables!.Contains(v.Name))
                    return new BoundSlotRead(v.Span, scope.Slots!.GetOrAdd(v.Name), v.Name, InputFallback: true);
                if (scope.KnownInputRoots is { } roots && !roots.Contains(RootName(v.Name)))
                    Report(new Diagnostic("XP0321", Severity.Warning,
                        $"'${v.Name}' is never assigned and is not a variable of this input format", _source, v.Span));
                return new BoundInputRead(v.Span, v.Name);
            case ScopeKind.Enrichment:
                return new BoundSlotRead(v.Span, scope.Slots!.GetOrAdd(v.Name), v.Name, InputFallback: false);
            case ScopeKind.Handler:
                return new BoundStateRead(v.Span, scope.State!.GetOrAdd(v.Name, _taxonomy), v.Name);
            case ScopeKind.Query:
                {
                    int i = scope.QueryParameters?.IndexOf(v.Name) ?? -1;
                    if (i >= 0) return new BoundParameterRead(v.Span, i, v.Name);
                    Report(DiagnosticFacts.UnknownParameter(_source, v.Span, "$" + v.Name));
                    return new BoundError(v.Span);
                }
            default:
                // PT's compiler accepts `$field` in an event filter (the corpus has one) and it can only mean the event's field.
                if (_taxonomy.TryGetField(v.Name, out var field))
                {
                    Report(new Diagnostic("XP0322", Severity.Warning,
                        $"'${v.Name}' in a filter reads the event field '{v.Name}'; write it without '$'", _source, v.Span));
                    return new BoundFieldRead(v.Span, field);
                }
                Report(DiagnosticFacts.StatementNotAllowed(_source, v.Span, $"'${v.Name}'", "in an event filter (filters read event fields without '$')"));
                return new BoundError(v.Span);
        }
    }

    // `$object.query` in a formula is a temp whose name has a dot; an input root is the part before the first dot.
    private static string RootName(string name)
    {
        int dot = name.IndexOf('.');
        return dot < 0 ? name : name[..dot];
    }

    private BoundExpression BindColumn(ColumnExpression c, BindScope scope)
    {
        if (scope.Table is not { } table)
        {
            Report(DiagnosticFacts.NotAFunctionHere(_source, c.Span, "column::" + c.Name, "inside a query, a qhandler or insert_into"));
            return new BoundError(c.Span);
        }
        int col = table.IndexOf(c.Name);
        if (col < 0)
        {
            Report(DiagnosticFacts.UnknownColumn(_source, c.Span, table.Name, c.Name));
            return new BoundError(c.Span);
        }
        return new BoundColumnRead(c.Span, col, c.Name);
    }
}

internal static class ListExtensions
{
    public static int IndexOf(this IReadOnlyList<string> list, string item)
    {
        for (int i = 0; i < list.Count; i++) if (string.Equals(list[i], item, StringComparison.Ordinal)) return i;
        return -1;
    }
}
