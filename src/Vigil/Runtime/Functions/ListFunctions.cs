using Vigil.Events;

namespace Vigil.Runtime;

/// <summary>in_list, coalesce, join, append, remove, is_list. Lists are immutable values: functions return new lists.</summary>
internal static class ListFunctions
{
    /// <summary>in_list(list, v): membership with <c>==</c> semantics (a null item matches null; "3" matches 3). Not a list → false.</summary>
    public static Value InList(ReadOnlySpan<Value> args)
    {
        var list = Args.At(args, 0);
        if (list.Kind != ValueKind.List) return Value.False;
        var v = Args.At(args, 1);
        var items = list.AsList;
        for (int i = 0; i < items.Count; i++)
            if (Operators.AreEqual(items[i], v)) return Value.True;
        return Value.False;
    }

    /// <summary>coalesce(a, b, …): the first non-null argument, else null.</summary>
    public static Value Coalesce(ReadOnlySpan<Value> args)
    {
        foreach (ref readonly var v in args)
            if (!v.IsNull) return v;
        return Value.Null;
    }

    /// <summary>
    /// join(list, sep): the text forms of the items separated by sep. Null items (and items without a text form)
    /// are skipped, which is what the docs' <c>join(remove(list, null), sep)</c> idiom produces anyway.
    /// A scalar is joined as a one-item list; a null list gives null.
    /// </summary>
    public static Value Join(ReadOnlySpan<Value> args)
    {
        if (!Args.Text(args, 1, out var sep)) return Value.Null;
        var list = Args.At(args, 0);
        if (list.Kind != ValueKind.List)
        {
            var t = list.ToText();
            return t is null ? Value.Null : Value.String(t);
        }
        var items = list.AsList;
        if (items.Count == 0) return Value.Empty;
        if (items.Count == 1) return Value.String(items[0].ToText() ?? "");
        // A null item is an empty string between its separators: the corpus's correlation expectations
        // ("Rule|host|" from join([$correlation_name, $host, $missing], "|")) show nulls are not skipped.
        var sb = StringBuilderCache.Acquire(64);
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0) sb.Append(sep);
            sb.Append(items[i].ToText());
        }
        return Value.String(StringBuilderCache.GetStringAndRelease(sb));
    }

    /// <summary>append(list, v): a new list with v at the end; a null list gives [v]; a scalar x gives [x, v].</summary>
    public static Value Append(ReadOnlySpan<Value> args)
    {
        var list = Args.At(args, 0);
        var v = Args.At(args, 1);
        if (list.Kind == ValueKind.List)
        {
            var items = list.AsList;
            var result = new Value[items.Count + 1];
            for (int i = 0; i < items.Count; i++) result[i] = items[i];
            result[^1] = v;
            return Value.List(result);
        }
        return list.IsNull ? Value.List(new[] { v }) : Value.List(new[] { list, v });
    }

    /// <summary>
    /// remove(list, v): the list without the items equal to v (<c>==</c> semantics, so v may be null).
    /// Returns the same list when nothing is removed. A null list gives null; a scalar is treated as a one-item list.
    /// </summary>
    public static Value Remove(ReadOnlySpan<Value> args)
    {
        var list = Args.At(args, 0);
        var v = Args.At(args, 1);
        if (list.IsNull) return Value.Null;
        if (list.Kind != ValueKind.List)
            return Operators.AreEqual(list, v) ? Value.List(Array.Empty<Value>()) : Value.List(new[] { list });
        var items = list.AsList;
        int keep = 0;
        for (int i = 0; i < items.Count; i++)
            if (!Operators.AreEqual(items[i], v)) keep++;
        if (keep == items.Count) return list;
        var result = new Value[keep];
        int k = 0;
        for (int i = 0; i < items.Count; i++)
            if (!Operators.AreEqual(items[i], v)) result[k++] = items[i];
        return Value.List(result);
    }

    public static Value IsList(ReadOnlySpan<Value> args) => Value.Bool(Args.At(args, 0).Kind == ValueKind.List);
}
