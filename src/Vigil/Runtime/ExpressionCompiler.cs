using System.Collections.Immutable;
using Vigil.Events;
using Vigil.Language.Binding;
using Vigil.Language.Syntax;

namespace Vigil.Runtime;

/// <summary>
/// Compiles bound expressions into closures (<see cref="CompiledExpression"/>), once per rule. Decisions that
/// depend only on the tree — which operator, which slot, constant arguments — are made here, not per event.
/// </summary>
public static partial class ExpressionCompiler
{
    public static CompiledExpression Compile(BoundExpression e) => e switch
    {
        BoundLiteral lit => Constant(lit.Value),
        BoundFieldRead f => CompileFieldRead(f.Field.Id),
        BoundSlotRead s => CompileSlotRead(s),
        BoundInputRead i => CompileInputRead(i.Name),
        BoundStateRead st => CompileStateRead(st.Index),
        BoundParameterRead p => CompileParameter(p.Index),
        BoundColumnRead c => CompileColumn(c.Column),
        BoundIndex ix => CompileIndex(Compile(ix.Target), ix.Index),
        BoundCall call => CompileCall(call),
        BoundUnary u => CompileUnary(u),
        BoundBinary b => CompileBinary(b),
        BoundList l => CompileList(l.Items),
        BoundIf i => CompileIf(i),
        BoundSwitch s => CompileSwitch(s),
        BoundQueryCall q => CompileQueryCall(q),
        BoundSelectFirst sf => CompileSelectFirst(sf),
        BoundRegexMatch rm => CompileRegexMatch(rm),
        _ => static _ => Value.Null,
    };

    public static CompiledExpression Constant(Value v) => _ => v;

    private static CompiledExpression CompileFieldRead(FieldId id) => ctx => ctx.Event is { } e ? e[id] : Value.Null;

    private static CompiledExpression CompileSlotRead(BoundSlotRead s)
    {
        int slot = s.Slot;
        if (!s.InputFallback) return ctx => ctx.ReadSlot(slot);
        string name = s.Name;
        return ctx => ctx.SlotAssigned[slot] ? ctx.ReadSlot(slot) : ReadInput(ctx.Input, name);
    }

    private static CompiledExpression CompileInputRead(string name) => ctx => ReadInput(ctx.Input, name);

    internal static Value ReadInput(IValueMap? input, string name)
    {
        if (input is null) return Value.Null;
        var v = input.Get(name);
        if (!v.IsNull || name.IndexOf('.') < 0) return v;
        // `$a.b` unassigned: walk the path through nested maps.
        var parts = name.Split('.');
        v = input.Get(parts[0]);
        for (int i = 1; i < parts.Length && v.Kind == ValueKind.Map; i++) v = v.AsMap.Get(parts[i]);
        return v;
    }

    private static CompiledExpression CompileStateRead(int index) => ctx => ctx.ReadState(index);

    private static CompiledExpression CompileParameter(int index) => ctx => ctx.Parameters is { } p && index < p.Length ? p[index] : Value.Null;

    private static CompiledExpression CompileColumn(int column) => ctx => ctx.Row is { } r ? r[column] : Value.Null;

    private static CompiledExpression CompileIndex(CompiledExpression target, BoundExpression index)
    {
        if (index is BoundLiteral { Value.Kind: ValueKind.String } lit)
        {
            string key = lit.Value.AsString;
            var prepared = new Normalization.Inputs.PreparedKey(key);
            return ctx =>
            {
                var t = target(ctx);
                if (t.Kind != ValueKind.Map) return Value.Null;
                var map = t.AsMap;
                return map is Normalization.Inputs.IndexedMap indexed ? indexed.Get(prepared) : map.Get(key);
            };
        }
        var idx = Compile(index);
        return ctx => IndexValue(target(ctx), idx(ctx));
    }

    /// <summary>map[key], list[i]; anything else (missing key, null, out of range) is null, never an error.</summary>
    public static Value IndexValue(in Value target, in Value index)
    {
        switch (target.Kind)
        {
            case ValueKind.Map:
                {
                    var key = index.ToText();
                    return key is null ? Value.Null : target.AsMap.Get(key);
                }
            case ValueKind.List:
                {
                    if (!index.TryGetNumber(out long i)) return Value.Null;
                    var list = target.AsList;
                    if (i < 0) i += list.Count;
                    return i >= 0 && i < list.Count ? list[(int)i] : Value.Null;
                }
            default:
                return Value.Null;
        }
    }

    private static CompiledExpression CompileCall(BoundCall call)
    {
        var fn = call.Function;
        var impl = fn.Implementation!;
        var args = call.Arguments.Select(Compile).ToArray();
        if (fn.IsPure && call.Arguments.All(IsConstant))
        {
            // All-constant call: fold now (e.g. a list of literals for in_list, a constant regex).
            var folded = Invoke(impl, args, null!);
            return _ => folded;
        }
        if (fn.IsPure && args.Length <= 8 && MemoPositions(call) is { } varying) return CompileMemoizedCall(impl, args, varying);
        return args.Length switch
        {
            0 => _ => impl([]),
            1 => ctx =>
            {
                var a0 = args[0](ctx);
                return impl(new ReadOnlySpan<Value>(in a0));
            },
            _ => ctx => Invoke(impl, args, ctx),
        };
    }

    /// <summary>The one or two non-constant argument positions of a call worth memoizing; null otherwise.</summary>
    private static (int First, int Second)? MemoPositions(BoundCall call)
    {
        int first = -1, second = -1;
        for (int i = 0; i < call.Arguments.Length; i++)
        {
            if (IsConstant(call.Arguments[i])) continue;
            if (first < 0) first = i;
            else if (second < 0) second = i;
            else return null;
        }
        return first < 0 ? null : (first, second);
    }

    private static CompiledExpression CompileMemoizedCall(FunctionImpl impl, CompiledExpression[] args, (int First, int Second) varying)
    {
        var memo = new CallMemo();
        var (v0, v1) = varying;
        // Every other argument is a constant (MemoPositions): evaluated once here, so a hit — the common case —
        // evaluates only the varying arguments and fills no argument buffer.
        var constants = new Value[args.Length];
        for (int i = 0; i < args.Length; i++)
            if (i != v0 && i != v1) constants[i] = args[i](null!);
        var f0 = args[v0];
        var f1 = v1 >= 0 ? args[v1] : null;
        return ctx =>
        {
            var a0 = f0(ctx);
            var a1 = f1 is null ? default : f1(ctx);
            // Only string inputs are keyed (by reference); anything else is computed as usual.
            if (a0.Kind != ValueKind.String || (f1 is not null && a1.Kind != ValueKind.String) || !memo.Active)
                return CallWith(impl, constants, v0, a0, v1, a1);
            string a = a0.AsString;
            string? b = f1 is null ? null : a1.AsString;
            if (memo.TryGet(a, b, out var cached)) return cached;
            var result = CallWith(impl, constants, v0, a0, v1, a1);
            memo.Add(a, b, result);
            return result;
        };
    }

    private static Value CallWith(FunctionImpl impl, Value[] constants, int v0, in Value a0, int v1, in Value a1)
    {
        var buf = new ArgBuffer8();
        Span<Value> span = buf;
        span = span[..constants.Length];
        constants.CopyTo(span);
        span[v0] = a0;
        if (v1 >= 0) span[v1] = a1;
        return impl(span);
    }

    private static bool IsConstant(BoundExpression a) => a is BoundLiteral || (a is BoundList l && l.Items.All(i => i is BoundLiteral));

    private static Value Invoke(FunctionImpl impl, CompiledExpression[] args, EvalContext ctx)
    {
        if (args.Length <= 8)
        {
            var buf = new ArgBuffer8();
            Span<Value> span = buf;
            for (int i = 0; i < args.Length; i++) span[i] = args[i](ctx);
            return impl(span[..args.Length]);
        }
        var arr = new Value[args.Length];
        for (int i = 0; i < args.Length; i++) arr[i] = args[i](ctx);
        return impl(arr);
    }

    private static CompiledExpression CompileUnary(BoundUnary u)
    {
        var operand = Compile(u.Operand);
        return u.Operator == UnaryOperator.Not
            ? ctx => Value.Bool(!Operators.IsTruthy(operand(ctx)))
            : ctx => Operators.Negate(operand(ctx));
    }

    private static CompiledExpression CompileBinary(BoundBinary b)
    {
        var l = Compile(b.Left);
        var r = Compile(b.Right);
        switch (b.Operator)
        {
            case BinaryOperator.And: return ctx => Value.Bool(Operators.IsTruthy(l(ctx)) && Operators.IsTruthy(r(ctx)));
            case BinaryOperator.Or: return ctx => Value.Bool(Operators.IsTruthy(l(ctx)) || Operators.IsTruthy(r(ctx)));
            case BinaryOperator.Equal: return CompileEquality(b, l, r, negate: false);
            case BinaryOperator.NotEqual: return CompileEquality(b, l, r, negate: true);
            case BinaryOperator.Less: return ctx => Value.Bool(Operators.Less(l(ctx), r(ctx)));
            case BinaryOperator.LessOrEqual: return ctx => Value.Bool(Operators.LessOrEqual(l(ctx), r(ctx)));
            case BinaryOperator.Greater: return ctx => Value.Bool(Operators.Greater(l(ctx), r(ctx)));
            case BinaryOperator.GreaterOrEqual: return ctx => Value.Bool(Operators.GreaterOrEqual(l(ctx), r(ctx)));
            case BinaryOperator.Add: return CompileAdd(l, r);
            case BinaryOperator.Subtract: return ctx => Operators.Subtract(l(ctx), r(ctx));
            case BinaryOperator.Multiply: return ctx => Operators.Multiply(l(ctx), r(ctx));
            case BinaryOperator.Divide: return ctx => Operators.Divide(l(ctx), r(ctx));
            case BinaryOperator.Modulo:
                return ctx => l(ctx).TryGetNumber(out long x) && r(ctx).TryGetNumber(out long y) && y != 0 ? Value.Number(x % y) : Value.Null;
            default: return static _ => Value.Null;
        }
    }

    /// <summary>
    /// <c>a + b</c>. Text joins such as <c>"synthetic:" + subject.account.name</c> see the same (interned or
    /// memoized) operand instances event after event, so the site memoizes string + string like a pure call.
    /// </summary>
    private static CompiledExpression CompileAdd(CompiledExpression l, CompiledExpression r)
    {
        var memo = new CallMemo();
        return ctx =>
        {
            var x = l(ctx);
            var y = r(ctx);
            if (x.Kind != ValueKind.String || y.Kind != ValueKind.String || !memo.Active) return Operators.Add(x, y);
            string a = x.AsString, b = y.AsString;
            if (memo.TryGet(a, b, out var cached)) return cached;
            var sum = Operators.Add(x, y);
            memo.Add(a, b, sum);
            return sum;
        };
    }

    // `x == null` / `x != null` are the commonest tests in filters: compile them to a kind check.
    private static CompiledExpression CompileEquality(BoundBinary b, CompiledExpression l, CompiledExpression r, bool negate)
    {
        if (b.Right is BoundLiteral { Value.IsNull: true })
            return negate ? ctx => Value.Bool(!l(ctx).IsNull) : ctx => Value.Bool(l(ctx).IsNull);
        if (b.Left is BoundLiteral { Value.IsNull: true })
            return negate ? ctx => Value.Bool(!r(ctx).IsNull) : ctx => Value.Bool(r(ctx).IsNull);
        if (b.Right is BoundLiteral { Value.Kind: ValueKind.String } s)
        {
            string text = s.Value.AsString;
            var constant = s.Value;
            return ctx =>
            {
                var v = l(ctx);
                bool eq = v.Kind == ValueKind.String ? string.Equals(v.AsString, text, StringComparison.Ordinal) : Operators.AreEqual(v, constant);
                return Value.Bool(eq != negate);
            };
        }
        return negate ? ctx => Value.Bool(!Operators.AreEqual(l(ctx), r(ctx))) : ctx => Value.Bool(Operators.AreEqual(l(ctx), r(ctx)));
    }

    private static CompiledExpression CompileList(ImmutableArray<BoundExpression> items)
    {
        if (items.All(i => i is BoundLiteral))
        {
            var constant = Value.List(items.Select(i => ((BoundLiteral)i).Value).ToArray());
            return _ => constant;
        }
        var compiled = items.Select(Compile).ToArray();
        return ctx =>
        {
            var arr = new Value[compiled.Length];
            for (int i = 0; i < arr.Length; i++) arr[i] = compiled[i](ctx);
            return Value.List(arr);
        };
    }

    private static CompiledExpression CompileIf(BoundIf e)
    {
        var conds = e.Branches.Select(b => Compile(b.Condition)).ToArray();
        var values = e.Branches.Select(b => Compile(b.Value)).ToArray();
        var otherwise = e.Else is null ? null : Compile(e.Else);
        return ctx =>
        {
            for (int i = 0; i < conds.Length; i++)
                if (Operators.IsTruthy(conds[i](ctx))) return values[i](ctx);
            return otherwise is null ? Value.Null : otherwise(ctx);
        };
    }

    private static CompiledExpression CompileSwitch(BoundSwitch s)
    {
        var subject = Compile(s.Subject);
        var matches = s.Cases.Select(c => Compile(c.Match)).ToArray();
        var values = s.Cases.Select(c => Compile(c.Value)).ToArray();
        var dflt = s.Default is null ? null : Compile(s.Default);
        return ctx =>
        {
            var v = subject(ctx);
            for (int i = 0; i < matches.Length; i++)
                if (Operators.AreEqual(v, matches[i](ctx))) return values[i](ctx);
            return dflt is null ? Value.Null : dflt(ctx);
        };
    }

    /// <summary>True when the compiled expression's value counts as true.</summary>
    public static Func<EvalContext, bool> CompilePredicate(BoundExpression e)
    {
        var c = Compile(e);
        return ctx => Operators.IsTruthy(c(ctx));
    }
}
