using System.Collections.Immutable;
using Vigil.Language.Diagnostics;
using Vigil.Language.Syntax;
using Vigil.Runtime;

namespace Vigil.Language.Binding;

public sealed partial class Binder
{
    private static readonly HashSet<string> Aggregates = ["min", "max", "avg", "median", "sum", "count"];

    private BoundExpression BindCall(CallExpression call, BindScope scope)
    {
        switch (call.Name)
        {
            case "exec_query": return BindQueryCall(call, scope, selectFirst: false);
            case "select_query_first": return BindQueryCall(call, scope, selectFirst: true);
            case "regex_match" when scope.Kind == ScopeKind.Query: return BindRegexMatch(call, scope);
            case "submessage":
                Report(DiagnosticFacts.NotAFunctionHere(_source, call.NameSpan, "submessage", "as a statement of a normalization formula"));
                return new BoundError(call.Span);
        }
        if (scope.Kind == ScopeKind.QueryHandler && Aggregates.Contains(call.Name)) return BindAggregate(call, scope);

        if (!FunctionTable.TryGet(call.Name, out var fn))
        {
            Report(DiagnosticFacts.UnknownFunction(_source, call.NameSpan, call.Name, FunctionTable.Suggest(call.Name)));
            foreach (var a in call.Arguments) BindExpression(a, scope); // still report errors inside
            return new BoundError(call.Span);
        }
        var args = BindArguments(call.Arguments, scope);
        if (!CheckArity(call, fn.MinArity, fn.MaxArity)) return new BoundError(call.Span);
        if (fn.IsSpecial)
        {
            string where = call.Name.StartsWith("insert_", StringComparison.Ordinal) ? "as a column value in insert_into"
                : Aggregates.Contains(call.Name) ? "in a qhandler block" : "in a query";
            Report(DiagnosticFacts.NotAFunctionHere(_source, call.NameSpan, call.Name, where));
            return new BoundError(call.Span);
        }
        return new BoundCall(call.Span, fn, args);
    }

    private ImmutableArray<BoundExpression> BindArguments(ImmutableArray<ExpressionSyntax> args, BindScope scope)
    {
        var b = ImmutableArray.CreateBuilder<BoundExpression>(args.Length);
        foreach (var a in args) b.Add(BindExpression(a, scope));
        return b.MoveToImmutable();
    }

    private bool CheckArity(CallExpression call, int min, int max)
    {
        int n = call.Arguments.Length;
        if (n >= min && (max < 0 || n <= max)) return true;
        string expected = max < 0 ? $"at least {min}" : min == max ? min.ToString() : $"{min} to {max}";
        Report(DiagnosticFacts.WrongArity(_source, call.NameSpan, call.Name, expected, n));
        return false;
    }

    private BoundExpression BindMacroCall(MacroCallExpression call, BindScope scope)
    {
        if (!_catalog.TryGetMacro(call.Name, out var macro))
        {
            Report(DiagnosticFacts.UnknownMacro(_source, call.NameSpan, call.Name, Suggestions.Closest(call.Name, _catalog.MacroNames)));
            foreach (var a in call.Arguments) BindExpression(a, scope);
            return new BoundError(call.Span);
        }
        var parameters = macro.Declaration.Parameters;
        if (parameters.Length != call.Arguments.Length)
        {
            Report(DiagnosticFacts.MacroArity(_source, call.NameSpan, call.Name, parameters.Length, call.Arguments.Length));
            return new BoundError(call.Span);
        }
        if (_macroStack.Contains(call.Name))
        {
            Report(DiagnosticFacts.RecursiveMacro(_source, call.NameSpan, call.Name));
            return new BoundError(call.Span);
        }
        var map = new Dictionary<string, BoundExpression>(StringComparer.Ordinal);
        for (int i = 0; i < parameters.Length; i++) map[parameters[i].Name] = BindExpression(call.Arguments[i], scope);

        // Inline the body with the arguments substituted: a macro costs nothing per event beyond its own logic.
        _macroStack.Push(call.Name);
        bool wasSilent = _silent;
        _silent = true;
        try
        {
            var bodyScope = new BindScope { Kind = ScopeKind.Filter, MacroArguments = map };
            return BindExpression(macro.Declaration.Body, bodyScope);
        }
        finally
        {
            _silent = wasSilent;
            _macroStack.Pop();
        }
    }

    /// <summary>Binds a macro's own body once, with its parameters as placeholders, so errors in it are reported on the .flt file.</summary>
    public BoundExpression BindMacroDeclaration(FilterMacroDeclaration macro)
    {
        var map = new Dictionary<string, BoundExpression>(StringComparer.Ordinal);
        foreach (var p in macro.Parameters) map[p.Name] = new BoundLiteral(p.Span, Events.Value.Null);
        _macroStack.Push(macro.Name);
        try { return BindExpression(macro.Body, new BindScope { Kind = ScopeKind.Filter, MacroArguments = map }); }
        finally { _macroStack.Pop(); }
    }

    private BoundExpression BindQueryCall(CallExpression call, BindScope scope, bool selectFirst)
    {
        int min = selectFirst ? 3 : 1, max = selectFirst ? 3 : 2;
        if (!CheckArity(call, min, max)) return new BoundError(call.Span);
        if (call.Arguments[0] is not LiteralExpression { Kind: LiteralKind.String, Text: { } queryName })
        {
            Report(DiagnosticFacts.ArgumentMustBeString(_source, call.Arguments[0].Span, call.Name, 1));
            return new BoundError(call.Span);
        }
        var query = BindQuery(queryName, call.Arguments[0].Span);
        var args = ImmutableArray<BoundExpression>.Empty;
        if (call.Arguments.Length > 1)
        {
            args = call.Arguments[1] is ListExpression list
                ? BindArguments(list.Items, scope)
                : [BindExpression(call.Arguments[1], scope)];
        }
        if (query is null) return new BoundError(call.Span);
        if (args.Length != query.ParameterCount)
        {
            Report(DiagnosticFacts.WrongArity(_source, call.Arguments.Length > 1 ? call.Arguments[1].Span : call.NameSpan,
                $"query {queryName}", query.ParameterCount.ToString(), args.Length));
            return new BoundError(call.Span);
        }
        if (!selectFirst) return new BoundQueryCall(call.Span, query, args);

        if (call.Arguments[2] is not LiteralExpression { Kind: LiteralKind.String, Text: { } column })
        {
            Report(DiagnosticFacts.ArgumentMustBeString(_source, call.Arguments[2].Span, call.Name, 3));
            return new BoundError(call.Span);
        }
        _catalog.TryGetTable(query.Table, out var table);
        int col = table?.IndexOf(column) ?? -1;
        if (col < 0)
        {
            Report(DiagnosticFacts.UnknownColumn(_source, call.Arguments[2].Span, query.Table, column));
            return new BoundError(call.Span);
        }
        return new BoundSelectFirst(call.Span, query, args, col, column);
    }

    private BoundQuery? BindQuery(string name, Text.TextSpan span)
    {
        if (_boundQueries.TryGetValue(name, out var done)) return done;
        if (_failedQueries.Contains(name)) return null;
        if (!_queries.TryGetValue(name, out var decl))
        {
            Report(DiagnosticFacts.UnknownQuery(_source, span, name));
            return null;
        }
        if (!_catalog.TryGetTable(decl.Table, out var table))
        {
            _failedQueries.Add(name);
            Report(DiagnosticFacts.UnknownTable(_source, decl.TableSpan, decl.Table, Suggestions.Closest(decl.Table, _catalog.TableNames)));
            return null;
        }
        var parameters = decl.Parameters.Select(p => p.Name).ToList();
        var predicate = BindExpression(decl.Predicate, new BindScope { Kind = ScopeKind.Query, Table = table, QueryParameters = parameters });
        var handler = ImmutableArray.CreateBuilder<(string, BoundExpression)>();
        if (decl.Handler is { } stmts)
        {
            var hs = new BindScope { Kind = ScopeKind.QueryHandler, Table = table };
            foreach (var s in stmts)
            {
                if (s is AssignmentStatement { Target: VariableExpression v } a) handler.Add((v.Name, BindExpression(a.Value, hs)));
                else Report(DiagnosticFacts.StatementNotAllowed(_source, s.Span, "only '$name = aggregate(column::c)' is", "in a qhandler"));
            }
        }
        var bound = new BoundQuery(name, decl.Table, parameters.Count, predicate, handler.ToImmutable());
        _boundQueries[name] = bound;
        return bound;
    }

    private BoundExpression BindRegexMatch(CallExpression call, BindScope scope)
    {
        if (!CheckArity(call, 2, 2)) return new BoundError(call.Span);
        var value = BindExpression(call.Arguments[0], scope);
        var column = BindExpression(call.Arguments[1], scope);
        if (column is not BoundColumnRead c)
        {
            Report(DiagnosticFacts.NotAFunctionHere(_source, call.Arguments[1].Span, "regex_match's second argument", "as a column::name of the queried list"));
            return new BoundError(call.Span);
        }
        return new BoundRegexMatch(call.Span, value, c.Column);
    }

    private BoundExpression BindAggregate(CallExpression call, BindScope scope)
    {
        if (call.Name == "count")
        {
            if (call.Arguments.Length == 0) return new BoundAggregate(call.Span, "count", -1);
            if (!CheckArity(call, 0, 1)) return new BoundError(call.Span);
        }
        else if (!CheckArity(call, 1, 1)) return new BoundError(call.Span);
        var column = BindExpression(call.Arguments[0], new BindScope { Kind = ScopeKind.Query, Table = scope.Table });
        if (column is not BoundColumnRead c)
        {
            Report(DiagnosticFacts.NotAFunctionHere(_source, call.Arguments[0].Span, call.Name + "'s argument", "as a column::name"));
            return new BoundError(call.Span);
        }
        return new BoundAggregate(call.Span, call.Name, c.Column);
    }
}
