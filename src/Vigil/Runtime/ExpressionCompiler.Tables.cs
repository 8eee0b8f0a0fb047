using Vigil.Events;
using Vigil.Language.Binding;

namespace Vigil.Runtime;

public static partial class ExpressionCompiler
{
    /// <summary>A query compiled once: parameters are evaluated at the call, the predicate runs per row.</summary>
    private sealed class CompiledQuery(BoundQuery q)
    {
        public readonly string Table = q.Table;
        public readonly Func<EvalContext, bool> Predicate = CompilePredicate(q.Predicate);
        public readonly (string Name, string Function, int Column)[] Handler =
            q.Handler.Select(h => (h.Name, ((BoundAggregate)h.Aggregate).Function, ((BoundAggregate)h.Aggregate).Column)).ToArray();
    }

    private static IEnumerable<ITableRow> Rows(CompiledQuery q, CompiledExpression[] args, EvalContext ctx)
    {
        if (ctx.Tables is null) return [];
        var parameters = new Value[args.Length];
        for (int i = 0; i < args.Length; i++) parameters[i] = args[i](ctx);
        // The predicate runs in a context of its own so the caller's parameters and row are untouched.
        var qctx = new EvalContext(ctx.Tables) { Event = ctx.Event, Parameters = parameters, NowTicks = ctx.NowTicks };
        return ctx.Tables.Scan(q.Table, ctx.NowTicks, row =>
        {
            qctx.Row = row;
            return q.Predicate(qctx);
        });
    }

    private static CompiledExpression CompileQueryCall(BoundQueryCall call)
    {
        var q = new CompiledQuery(call.Query);
        var args = call.Arguments.Select(Compile).ToArray();
        if (q.Handler.Length == 0) return ctx => Value.Bool(Rows(q, args, ctx).Any());
        return ctx => Aggregate(q, Rows(q, args, ctx).ToList());
    }

    private static CompiledExpression CompileSelectFirst(BoundSelectFirst call)
    {
        var q = new CompiledQuery(call.Query);
        var args = call.Arguments.Select(Compile).ToArray();
        int column = call.Column;
        return ctx =>
        {
            foreach (var row in Rows(q, args, ctx)) return row[column];
            return Value.Null;
        };
    }

    /// <summary>qhandler aggregates over the matching rows, returned as a map <c>{"$name": value}</c>.</summary>
    private static Value Aggregate(CompiledQuery q, List<ITableRow> rows)
    {
        var map = new DictionaryValueMap(q.Handler.Length);
        foreach (var (name, fn, col) in q.Handler)
        {
            Value result;
            if (fn == "count") result = Value.Number(rows.Count);
            else
            {
                var numbers = rows.Select(r => r[col]).Where(v => v.TryGetNumber(out _)).Select(v => { v.TryGetNumber(out long n); return n; }).OrderBy(n => n).ToList();
                result = numbers.Count == 0 ? Value.Null : fn switch
                {
                    "min" => Value.Number(numbers[0]),
                    "max" => Value.Number(numbers[^1]),
                    "sum" => Value.Number(numbers.Sum()),
                    "avg" => Value.Number(numbers.Sum() / numbers.Count),
                    "median" => Value.Number(numbers[(numbers.Count - 1) / 2]), // lower median for even counts
                    _ => Value.Null,
                };
            }
            map.Set("$" + name, result);
            map.Set(name, result);
        }
        return Value.Map(map);
    }

    private static CompiledExpression CompileRegexMatch(BoundRegexMatch rm)
    {
        var value = Compile(rm.Value);
        int column = rm.Column;
        return ctx => value(ctx).ToText() is { } text && ctx.Row is { } row ? Value.Bool(row.IsMatch(column, text)) : Value.False;
    }
}
