using Vigil.Events;

namespace Vigil.Runtime;

// TEMPORARY: replaced by the function library branch on merge.
public delegate Value FunctionImpl(ReadOnlySpan<Value> args);

public sealed class FunctionSymbol(string name, int minArity, int maxArity, bool isSpecial, FunctionImpl? impl)
{
    public string Name { get; } = name;
    public int MinArity { get; } = minArity;
    public int MaxArity { get; } = maxArity;
    public bool IsSpecial { get; } = isSpecial;
    public FunctionImpl? Impl { get; } = impl;
}

public static class FunctionTable
{
    private static readonly Dictionary<string, FunctionSymbol> s_all = new()
    {
        ["lower"] = new("lower", 1, 1, false, null),
    };
    public static bool TryGet(string name, out FunctionSymbol f) => s_all.TryGetValue(name, out f!);
    public static string? Suggest(string name) => null;
}
