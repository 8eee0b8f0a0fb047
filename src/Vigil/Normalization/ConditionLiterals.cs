using System.Buffers;
using Vigil.Language.Binding;
using Vigil.Language.Syntax;

namespace Vigil.Normalization;

/// <summary>
/// Texts a line must contain for a TEXT formula's COND to hold: <c>COND = lower($program) == "cron" or $program == "crond"</c>
/// holds only when the captured text (a piece of the line) is one of those constants, so a line containing none of them
/// can skip the pattern. Derived only where that is certain: string equality (ordinal) on a temporary that the pattern
/// captures as text, or-ed and and-ed; anything else gives no requirement.
/// </summary>
public sealed class ConditionLiterals
{
    private readonly (string Text, bool IgnoreCase)[] _anyOf;
    // One vectorised multi-string search per comparison mode (a per-text case-insensitive Contains costs more than the match it saves).
    private readonly SearchValues<string>? _ordinal;
    private readonly SearchValues<string>? _ignoreCase;

    private ConditionLiterals((string, bool)[] anyOf)
    {
        _anyOf = anyOf;
        var exact = anyOf.Where(a => !a.Item2).Select(a => a.Item1).Distinct(StringComparer.Ordinal).ToArray();
        var folded = anyOf.Where(a => a.Item2).Select(a => a.Item1).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (exact.Length > 0) _ordinal = SearchValues.Create(exact, StringComparison.Ordinal);
        if (folded.Length > 0) _ignoreCase = SearchValues.Create(folded, StringComparison.OrdinalIgnoreCase);
    }

    public IReadOnlyList<(string Text, bool IgnoreCase)> AnyOf => _anyOf;

    /// <summary>False when the line contains none of the texts, so the COND cannot hold on any match of it.</summary>
    public bool MayHold(string line) =>
        (_ignoreCase is not null && line.AsSpan().ContainsAny(_ignoreCase)) || (_ordinal is not null && line.AsSpan().ContainsAny(_ordinal));

    /// <summary>The requirement of <paramref name="condition"/>, or null; <paramref name="textSlots"/> are the temporaries captured only as text.</summary>
    public static ConditionLiterals? Of(BoundExpression? condition, IReadOnlySet<int> textSlots)
    {
        if (condition is null || textSlots.Count == 0) return null;
        var set = Required(condition, textSlots);
        return set is { Count: > 0 } ? new ConditionLiterals(set.ToArray()) : null;
    }

    private static List<(string, bool)>? Required(BoundExpression e, IReadOnlySet<int> textSlots)
    {
        switch (e)
        {
            case BoundBinary { Operator: BinaryOperator.Or } or:
                {
                    var l = Required(or.Left, textSlots);
                    var r = l is null ? null : Required(or.Right, textSlots);
                    if (l is null || r is null) return null;
                    l.AddRange(r);
                    return l;
                }
            case BoundBinary { Operator: BinaryOperator.And } and:
                return Required(and.Left, textSlots) ?? Required(and.Right, textSlots);
            case BoundBinary { Operator: BinaryOperator.Equal } eq:
                return Equality(eq.Left, eq.Right, textSlots) ?? Equality(eq.Right, eq.Left, textSlots);
            default:
                return null;
        }
    }

    private static List<(string, bool)>? Equality(BoundExpression side, BoundExpression other, IReadOnlySet<int> textSlots)
    {
        // An empty constant occurs in every line: no requirement.
        if (other is not BoundLiteral { Value.Kind: Events.ValueKind.String } lit || lit.Value.AsString.Length == 0) return null;
        string text = lit.Value.AsString;
        if (side is BoundSlotRead s && textSlots.Contains(s.Slot)) return [(text, false)];
        // lower(x) == "abc": x is "abc" up to case. Only for ASCII constants without i or k: 'İ' and the Kelvin sign
        // lower-case to those, so a line could hold them in a form no case-insensitive search would find.
        if (side is BoundCall { Function.Name: "lower", Arguments: [BoundSlotRead ls] } && textSlots.Contains(ls.Slot)
            && System.Text.Ascii.IsValid(text) && text.IndexOfAny(['i', 'k', 'I', 'K']) < 0)
            return [(text, true)];
        return null;
    }
}
