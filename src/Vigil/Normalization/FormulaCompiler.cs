using Vigil.Events;
using Vigil.Language.Binding;
using Vigil.Language.Syntax;
using Vigil.Runtime;

namespace Vigil.Normalization;

/// <summary>Turns a bound formula into a <see cref="CompiledFormula"/>; subformulas become the targets of compiled submessage statements.</summary>
public static class FormulaCompiler
{
    /// <param name="keep">
    /// Null, or the fields (by id) the events' consumers read: the formula then writes only those and the fields it
    /// reads itself — assignments and TEXT captures of any other field are left out (a projection: same match, same
    /// outcome, fewer fields). A formula whose reads cannot be told is compiled whole.
    /// </param>
    public static CompiledFormula Compile(BoundFormula formula, string name, int order, IXmlParser? xml = null, bool[]? keep = null)
    {
        if (keep is not null) keep = Projection(formula, keep);
        // Subformulas are compiled first; submessage closures capture the array of alternatives by name.
        var subs = new Dictionary<string, List<CompiledBody>>(StringComparer.Ordinal);
        var compiler = new StatementCompiler(sm => CompileSubmessage(sm, subs, xml)) { KeepFields = keep };
        foreach (var sub in formula.Subformulas)
        {
            if (!subs.TryGetValue(sub.Name, out var list)) subs[sub.Name] = list = [];
            list.Add(CompileBody(sub.Body, compiler, keep));
        }
        return new CompiledFormula
        {
            Path = formula.Source.Path,
            Name = name,
            Main = CompileBody(formula.Main, compiler, keep),
            SlotCount = formula.SlotCount,
            Order = order,
            WrittenFields = compiler.WrittenFields,
        };
    }

    // What a projected formula writes: what its consumers read and what it reads itself; null (all) when unknown.
    private static bool[]? Projection(BoundFormula formula, bool[] consumers)
    {
        var own = new HashSet<int>();
        if (!BoundFieldReads.Collect(formula, own)) return null;
        var keep = (bool[])consumers.Clone();
        foreach (int id in own) keep[id] = true;
        return keep;
    }

    private static CompiledBody CompileBody(BoundFormulaBody body, StatementCompiler compiler, bool[]? keep)
    {
        // A capture of a field nobody reads is not written (its text is not even copied).
        var captures = keep is null ? body.Captures
            : body.Captures.Where(c => c.Value.Field is not { } f || keep[f.Id.Value]).ToDictionary(c => c.Key, c => c.Value);
        var matcher = body.Header?.Pattern is { } p ? TextPatternMatcher.Compile(p, captures, ConditionReads.Of(body.Condition)) : null;
        return new()
        {
            Format = body.Header?.Format ?? InputFormat.Text,
            Argument = body.Header?.Argument ?? "",
            Filter = body.Filter,
            Matcher = matcher,
            ConditionNeeds = matcher is null ? null : ConditionLiterals.Of(body.Condition, matcher.TextCaptureSlots),
            Condition = body.Condition is null ? null : ExpressionCompiler.CompilePredicate(body.Condition),
            Body = compiler.CompileBlock(body.Statements),
        };
    }

    /// <summary>
    /// submessage(FORMAT, name, value): the first subformula called <c>name</c> (file order) whose format accepts
    /// the value and whose COND holds runs, sharing the formula's fields and temporaries (spec normalization §6).
    /// </summary>
    private static CompiledStatement CompileSubmessage(BoundSubmessage sm, Dictionary<string, List<CompiledBody>> subs, IXmlParser? xml)
    {
        var value = ExpressionCompiler.Compile(sm.Value);
        // submessage("TEXT", …, $message): when the temporary still holds a piece of the line, match that piece in
        // place (XML and JSON alternatives parse a string anyway).
        int pieceSlot = sm.Format == InputFormat.Text && sm.Value is BoundSlotRead read ? read.Slot : -1;
        string name = sm.Name;
        var format = sm.Format;
        SubformulaDispatch? resolved = null;
        return ctx =>
        {
            // Resolved on first use: every subformula is compiled by then (a submessage may name a later one).
            var dispatch = resolved ??= new SubformulaDispatch(subs.TryGetValue(name, out var list) ? list : [], format);
            if (dispatch.IsEmpty) return;
            string? text;
            int start, length;
            if (pieceSlot < 0 || !ctx.TryGetSlotSlice(pieceSlot, out text, out start, out length))
            {
                var v = value(ctx);
                text = v.Kind == ValueKind.String ? v.AsString : v.Kind == ValueKind.Map ? v.AsMap.Text : null;
                if (text is null) return;
                (start, length) = (0, text.Length);
            }
            var savedInput = ctx.Input;
            try
            {
                foreach (var alt in dispatch.For(text.AsSpan(start, length)))
                    if (RunBody(alt, text, start, length, ctx, xml)) return;
            }
            finally
            {
                ctx.Input = savedInput;
            }
        };
    }

    /// <summary>
    /// Runs a subformula alternative on a value, <c>text[start..start+length]</c>; false when its format or COND
    /// rejects it (its captures are undone).
    /// </summary>
    private static bool RunBody(CompiledBody body, string text, int start, int length, EvalContext ctx, IXmlParser? xml)
    {
        if (body.Format == InputFormat.Text)
        {
            if (body.Matcher is not { } matcher || !matcher.MayMatch(text.AsSpan(start, length))) return false;
            // The matcher runs the COND between the captures it reads and the rest; a rejection undoes the first.
            // Without a COND the captures are written only once the pattern has matched: nothing to undo, and no old
            // value to log per capture.
            int mark = body.Condition is null ? -1 : ctx.BeginUndo();
            if (!matcher.Match(text, start, start + length, ctx, body.Condition))
            {
                if (mark >= 0) ctx.RollbackUndo(mark);
                return false;
            }
            if (mark >= 0) ctx.EndUndo();
            body.Body(ctx);
            return true;
        }
        var undo = ctx.BeginUndo();
        switch (body.Format)
        {
            case InputFormat.Xml:
                {
                    // The header names the root element: `XML = 'Task'` then `$Task[...]`.
                    var root = xml?.Parse(Whole(text, start, length));
                    if (root is null || (body.Argument.Length > 0 && root.Get(body.Argument).IsNull)) { ctx.EndUndo(); return false; }
                    ctx.Input = root;
                    break;
                }
            case InputFormat.Json:
                {
                    var root = JsonSubformulaInput.TryParseObject(Whole(text, start, length));
                    if (root is null) { ctx.EndUndo(); return false; }
                    ctx.Input = root;
                    break;
                }
            default:
                ctx.EndUndo();
                return false;
        }
        if (body.Condition is { } cond && !cond(ctx))
        {
            ctx.RollbackUndo(undo);
            return false;
        }
        ctx.EndUndo();
        body.Body(ctx);
        return true;
    }

    private static string Whole(string text, int start, int length) => start == 0 && length == text.Length ? text : text.Substring(start, length);
}

/// <summary>Parses XML text into the map shape formulas read (the Inputs stage provides it).</summary>
public interface IXmlParser
{
    /// <summary>A map whose single key is the root element's name; null when the text is not XML.</summary>
    IValueMap? Parse(string text);
}
