using Vigil.Events;

namespace Vigil.Runtime;

// TEMPORARY: replaced by the function library branch on merge.
public delegate Value FunctionImpl(ReadOnlySpan<Value> args);

public sealed class FunctionSymbol(string name, int minArity, int maxArity, FunctionImpl? impl)
{
    public string Name { get; } = name;
    public int MinArity { get; } = minArity;
    public int MaxArity { get; } = maxArity;
    public FunctionImpl? Implementation { get; } = impl;
    public bool IsSpecial => Implementation is null;
    public bool IsPure => Implementation is not null;
    public Value Invoke(ReadOnlySpan<Value> args) => Implementation!(args);
}

public static class FunctionTable
{
    private static readonly Dictionary<string, FunctionSymbol> s_all = new()
    {
        ["lower"] = new("lower", 1, 1, a => a[0].IsNull ? Value.Null : Value.String(a[0].ToText()!.ToLowerInvariant())),
    };
    public static bool TryGet(string name, out FunctionSymbol f) => s_all.TryGetValue(name, out f!);
    public static string? Suggest(string name) => null;
}

public static class Operators
{
    public static bool AreEqual(in Value a, in Value b) => a.SameAs(b);
    public static bool Less(in Value a, in Value b) => false;
    public static bool Greater(in Value a, in Value b) => false;
    public static bool LessOrEqual(in Value a, in Value b) => false;
    public static bool GreaterOrEqual(in Value a, in Value b) => false;
    public static Value Add(in Value a, in Value b) => Value.Null;
    public static Value Subtract(in Value a, in Value b) => Value.Null;
    public static Value Multiply(in Value a, in Value b) => Value.Null;
    public static Value Divide(in Value a, in Value b) => Value.Null;
    public static Value Negate(in Value a) => Value.Null;
    public static bool IsTruthy(in Value v) => v.Kind == ValueKind.Bool ? v.AsBool : !v.IsNull;
}
