using Vigil.Events;

namespace Vigil.Runtime;

/// <summary>
/// A library function body. Arguments arrive already evaluated; the span may be shorter than the symbol's
/// MaxArity (optional arguments omitted). Implementations never throw on user data: bad input gives null.
/// </summary>
public delegate Value FunctionImpl(ReadOnlySpan<Value> args);

/// <summary>Where a function may be called; the binder reports calls outside these places.</summary>
[Flags]
public enum FunctionContexts
{
    None = 0,
    /// <summary>Normalization formulas (formula.xp).</summary>
    Formula = 1,
    /// <summary>Correlation and enrichment rules, filter macros.</summary>
    Rule = 2,
    /// <summary>The predicate of a tabular-list query (<c>query Q(...) from T { ... }</c>).</summary>
    QueryPredicate = 4,
    /// <summary>The <c>qhandler { ... }</c> block of a query (aggregates).</summary>
    QueryHandler = 8,
    /// <summary>The body of <c>insert_into T { ... }</c>.</summary>
    InsertInto = 16,
    /// <summary>Ordinary expressions: everywhere an expression is allowed.</summary>
    Expression = Formula | Rule | QueryPredicate,
}

/// <summary>
/// One entry of the function library: name, arity, a one-line signature/doc for diagnostics and hovers,
/// and the implementation. Special forms (submessage, table queries, aggregates, insert_*) need the engine,
/// so the compiler lowers them itself: they have no implementation and <see cref="IsSpecial"/> is true.
/// </summary>
public sealed class FunctionSymbol
{
    public FunctionSymbol(string name, int minArity, int maxArity, string signature, FunctionImpl? implementation,
        FunctionContexts contexts = FunctionContexts.Expression)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (minArity < 0 || (maxArity >= 0 && maxArity < minArity))
            throw new ArgumentOutOfRangeException(nameof(maxArity), $"bad arity {minArity}..{maxArity} for {name}");
        Name = name;
        MinArity = minArity;
        MaxArity = maxArity;
        Signature = signature;
        Implementation = implementation;
        Contexts = contexts;
    }

    public string Name { get; }
    public int MinArity { get; }
    /// <summary>Largest accepted argument count; -1 = variadic.</summary>
    public int MaxArity { get; }
    /// <summary>Short signature and meaning, e.g. <c>"substr(s, start, len) -> string: ..."</c>.</summary>
    public string Signature { get; }
    /// <summary>Null for special forms.</summary>
    public FunctionImpl? Implementation { get; }
    public FunctionContexts Contexts { get; }

    /// <summary>True when the compiler must implement the call itself (no <see cref="Implementation"/>).</summary>
    public bool IsSpecial => Implementation is null;
    public bool IsVariadic => MaxArity < 0;

    /// <summary>
    /// Implemented functions depend only on their arguments, so a call with constant arguments may be folded
    /// at compile time. (Special forms read engine state.)
    /// </summary>
    public bool IsPure => Implementation is not null;

    public bool AcceptsArity(int count) => count >= MinArity && (MaxArity < 0 || count <= MaxArity);

    /// <summary>The accepted argument count in words, for "takes N arguments" diagnostics.</summary>
    public string ArityText => MaxArity < 0 ? $"at least {MinArity}"
        : MinArity == MaxArity ? MinArity.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : MaxArity == MinArity + 1 ? $"{MinArity} or {MaxArity}"
        : $"{MinArity} to {MaxArity}";

    public Value Invoke(ReadOnlySpan<Value> args) =>
        Implementation is null
            ? throw new InvalidOperationException($"'{Name}' is a special form; the compiler implements it")
            : Implementation(args);

    public override string ToString() => Signature;
}
