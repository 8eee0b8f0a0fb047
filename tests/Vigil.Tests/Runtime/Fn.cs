using Vigil.Events;
using Vigil.Runtime;

namespace Vigil.Tests.Runtime;

/// <summary>Shorthands for calling library functions the way the compiled code does: by name, through the table.</summary>
internal static class Fn
{
    public static Value Call(string name, params Value[] args)
    {
        Assert.True(FunctionTable.TryGet(name, out var f), $"unknown function {name}");
        Assert.True(f!.AcceptsArity(args.Length), $"{name} does not take {args.Length} arguments");
        return f.Invoke(args);
    }

    public static Value S(string s) => Value.String(s);
    public static Value N(long n) => Value.Number(n);
    public static Value L(params Value[] items) => Value.List(items);
    public static readonly Value Null = Value.Null;

    /// <summary>The string a call returned; fails when it returned another kind.</summary>
    public static string? Str(string name, params Value[] args)
    {
        var v = Call(name, args);
        if (v.IsNull) return null;
        Assert.Equal(ValueKind.String, v.Kind);
        return v.AsString;
    }

    public static long? Num(string name, params Value[] args)
    {
        var v = Call(name, args);
        if (v.IsNull) return null;
        Assert.Equal(ValueKind.Number, v.Kind);
        return v.AsNumber;
    }

    public static bool? Bool(string name, params Value[] args)
    {
        var v = Call(name, args);
        if (v.IsNull) return null;
        Assert.Equal(ValueKind.Bool, v.Kind);
        return v.AsBool;
    }

    public static string?[] Items(Value list)
    {
        Assert.Equal(ValueKind.List, list.Kind);
        var items = list.AsList;
        var result = new string?[items.Count];
        for (int i = 0; i < items.Count; i++) result[i] = items[i].IsNull ? null : items[i].ToText();
        return result;
    }
}
