using System.Collections.Immutable;
using Vigil.Events;
using Vigil.Language.Binding;

namespace Vigil.Runtime;

/// <summary>Compiles bound statements into closures. Submessage needs the formula's subformulas, so its compilation is supplied by the caller.</summary>
public sealed class StatementCompiler(Func<BoundSubmessage, CompiledStatement>? submessage = null)
{
    /// <summary>Every field an assignment compiled so far can write: a static bound on what the code sets.</summary>
    public HashSet<FieldId> WrittenFields { get; } = [];

    /// <summary>
    /// The fields (by id) whose assignments are compiled; an assignment to any other field compiles to nothing.
    /// Null: all. For a projected normalizer, whose events only consumers that read these fields will see.
    /// </summary>
    public bool[]? KeepFields { get; init; }

    private bool Kept(FieldId id) => KeepFields is null || KeepFields[id.Value];

    public CompiledStatement CompileBlock(ImmutableArray<BoundStatement> statements)
    {
        var compiled = new List<CompiledStatement>(statements.Length);
        for (int i = 0; i < statements.Length;)
        {
            // A run of constant field assignments (`subject = "account"`, `action = "login"` …, common in
            // formulas) is one step over precomputed values rather than one closure call per field.
            int j = i;
            var run = new List<(FieldId Id, Value Value)>();
            while (j < statements.Length && TryConstantAssignment(statements[j], out var id, out var value))
            {
                run.Add((id, value));
                j++;
            }
            if (run.Count > 1)
            {
                compiled.Add(CompileConstantRun(run));
                i = j;
            }
            else compiled.Add(Compile(statements[i++]));
        }
        return Sequence(compiled.ToArray());
    }

    private CompiledStatement CompileConstantRun(List<(FieldId Id, Value Value)> run)
    {
        foreach (var (id, _) in run) WrittenFields.Add(id);
        var kept = run.Where(r => Kept(r.Id)).ToArray();
        if (kept.Length == 0) return static _ => { };
        // A constant that does not fit its field is null and removes the field: those keep their own step, in order.
        if (kept.Any(r => r.Value.IsNull))
        {
            var ids = kept.Select(r => r.Id).ToArray();
            var values = kept.Select(r => r.Value).ToArray();
            return ctx =>
            {
                for (int k = 0; k < ids.Length; k++) ctx.SetFieldCoerced(ids[k], values[k]);
            };
        }
        var fields = new FieldRun(kept);
        return ctx => ctx.SetFieldsCoerced(fields);
    }

    // A field assigned a constant is coerced to the field's type once, here, instead of on every event (not times:
    // a date without a year takes the event's; not lists: each event gets its own).
    private static bool TryConstantAssignment(BoundStatement s, out FieldId id, out Value coerced)
    {
        if (s is BoundAssignment { Target: AssignTarget.Field, Value: BoundLiteral lit, Field: { Type: not (FieldType.DateTime or FieldType.ListString or FieldType.ListUuid) } target } a)
        {
            id = new FieldId(a.Index);
            coerced = FieldCoercion.Coerce(target, lit.Value);
            return true;
        }
        (id, coerced) = (default, default);
        return false;
    }

    private static CompiledStatement Sequence(CompiledStatement[] compiled)
    {
        switch (compiled.Length)
        {
            case 0: return static _ => { };
            case 1: return compiled[0];
            default:
                return ctx =>
                {
                    foreach (var s in compiled)
                    {
                        s(ctx);
                        if (ctx.Stopped) return;
                    }
                };
        }
    }

    public CompiledStatement Compile(BoundStatement s) => s switch
    {
        BoundAssignment a => CompileAssignment(a),
        BoundIfStatement i => CompileIf(i),
        BoundSwitchStatement sw => CompileSwitch(sw),
        BoundExpressionStatement e => CompileExpressionStatement(e),
        BoundDrop => static ctx => ctx.Dropped = true,
        BoundClose => static ctx => ctx.Closed = true,
        BoundSubmessage sm => submessage?.Invoke(sm) ?? (static _ => { }),
        BoundTableWrite w => CompileTableWrite(w),
        _ => static _ => { },
    };

    private static CompiledStatement CompileExpressionStatement(BoundExpressionStatement e)
    {
        var expr = ExpressionCompiler.Compile(e.Expression);
        return ctx => expr(ctx);
    }

    private CompiledStatement CompileAssignment(BoundAssignment a)
    {
        var value = ExpressionCompiler.Compile(a.Value);
        int index = a.Index;
        switch (a.Target)
        {
            case AssignTarget.Field:
                {
                    var id = new FieldId(index);
                    WrittenFields.Add(id);
                    if (!Kept(id)) return static _ => { };
                    if (TryConstantAssignment(a, out _, out var coerced)) return ctx => ctx.SetFieldCoerced(id, coerced);
                    // A value already of the kind the field stores goes in as is: no taxonomy look-up and coercion per event.
                    var kept = a.Field is { } f ? FieldCoercion.KindKeptAsIs(f.Type) : ValueKind.Null;
                    if (kept == ValueKind.Null) return ctx => ctx.SetField(id, value(ctx));
                    return ctx =>
                    {
                        var v = value(ctx);
                        if (v.Kind == kept) ctx.SetFieldCoerced(id, v);
                        else ctx.SetField(id, v);
                    };
                }
            case AssignTarget.Slot:
                return ctx => ctx.SetSlot(index, value(ctx));
            case AssignTarget.State:
                if (a.Field is { } field)
                    return ctx => ctx.WriteState(index, FieldCoercion.Coerce(field, value(ctx)));
                return ctx => ctx.WriteState(index, value(ctx));
            default:
                return static _ => { };
        }
    }

    private CompiledStatement CompileIf(BoundIfStatement i)
    {
        var conds = i.Branches.Select(b => ExpressionCompiler.CompilePredicate(b.Condition)).ToArray();
        var bodies = i.Branches.Select(b => CompileBlock(b.Body)).ToArray();
        var otherwise = i.Else is { } e ? CompileBlock(e) : null;
        if (conds.Length == 1)
        {
            var c0 = conds[0];
            var b0 = bodies[0];
            if (otherwise is null) return ctx => { if (c0(ctx)) b0(ctx); };
            return ctx => { if (c0(ctx)) b0(ctx); else otherwise(ctx); };
        }
        return ctx =>
        {
            for (int k = 0; k < conds.Length; k++)
            {
                if (conds[k](ctx))
                {
                    bodies[k](ctx);
                    return;
                }
            }
            otherwise?.Invoke(ctx);
        };
    }

    private CompiledStatement CompileSwitch(BoundSwitchStatement sw)
    {
        var subject = ExpressionCompiler.Compile(sw.Subject);
        var matches = sw.Cases.Select(c => ExpressionCompiler.Compile(c.Match)).ToArray();
        var bodies = sw.Cases.Select(c => CompileBlock(c.Body)).ToArray();
        var dflt = sw.Default is { } d ? CompileBlock(d) : null;
        return ctx =>
        {
            var v = subject(ctx);
            for (int k = 0; k < matches.Length; k++)
            {
                if (Operators.AreEqual(v, matches[k](ctx)))
                {
                    bodies[k](ctx);
                    return;
                }
            }
            dflt?.Invoke(ctx);
        };
    }

    private static CompiledStatement CompileTableWrite(BoundTableWrite w)
    {
        var columns = w.Columns.Select(c => (c.Column, c.Mode, Value: ExpressionCompiler.Compile(c.Value))).ToArray();
        string table = w.Table;
        bool insert = w.Insert;
        return ctx =>
        {
            if (ctx.Tables is null) return;
            var values = new (int, string, Value)[columns.Length];
            for (int i = 0; i < columns.Length; i++) values[i] = (columns[i].Column, columns[i].Mode, columns[i].Value(ctx));
            ctx.Tables.Write(table, insert, values, ctx.NowTicks);
        };
    }
}
