using Vigil.Events;
using Vigil.Language.Binding;
using Vigil.Language.Syntax;

namespace Vigil.Correlation;

/// <summary>
/// The router's index over every event declaration of every rule: each filter is analysed once for a
/// necessary equality (<c>msgid == "4624"</c>, <c>lower(object.name) == "x"</c>, <c>in_list([...], f)</c>, or the same
/// field in every branch of an <c>or</c>), and declarations are bucketed by that value. Per event, a handful of
/// hash lookups yields the few declarations whose full filter is worth evaluating.
/// </summary>
public sealed class FilterIndex
{
    private readonly record struct IndexKey(FieldId Field, bool Lowered);

    private readonly IndexKey[] _keys;
    private readonly Dictionary<string, CompiledEvent[]>[] _buckets;
    private readonly Dictionary<string, CompiledEvent[]>.AlternateLookup<ReadOnlySpan<char>>[] _lookups;
    private readonly CompiledEvent[] _always;
    // Per key, the lengths and first characters its values have: most events' values have neither, and two bit
    // tests turn them away before a string hash (the router asks this of every event).
    private readonly ValueShape[] _shapes;

    public FilterIndex(IEnumerable<CompiledEvent> events)
    {
        var all = events.ToList();
        var constraints = all.ToDictionary(e => e, e => Extract(e.BoundFilter));
        // A field's selectivity proxy: how many distinct values declarations test it against.
        var distinct = new Dictionary<IndexKey, HashSet<string>>();
        foreach (var list in constraints.Values)
            foreach (var (k, values) in list)
                (distinct.TryGetValue(k, out var set) ? set : distinct[k] = new HashSet<string>(StringComparer.Ordinal)).UnionWith(values);

        var buckets = new Dictionary<IndexKey, Dictionary<string, List<CompiledEvent>>>();
        var always = new List<CompiledEvent>();
        foreach (var e in all)
        {
            var best = constraints[e].OrderByDescending(c => distinct[c.Key].Count).ThenBy(c => c.Values.Count).FirstOrDefault();
            if (best.Values is null) { always.Add(e); continue; }
            if (!buckets.TryGetValue(best.Key, out var byValue)) buckets[best.Key] = byValue = new(StringComparer.Ordinal);
            foreach (var v in best.Values)
                (byValue.TryGetValue(v, out var l) ? l : byValue[v] = []).Add(e);
        }
        _keys = buckets.Keys.ToArray();
        _buckets = _keys.Select(k => buckets[k].ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal)).ToArray();
        _lookups = _buckets.Select(b => b.GetAlternateLookup<ReadOnlySpan<char>>()).ToArray();
        _shapes = _buckets.Select(b => ValueShape.Of(b.Keys)).ToArray();
        _always = always.ToArray();
        IndexedCount = all.Count - always.Count;
    }

    public int IndexedCount { get; }
    public int UnindexedCount => _always.Length;
    public int KeyCount => _keys.Length;

    /// <summary>Adds the declarations that may match <paramref name="e"/> (a superset of the true matches).</summary>
    public void Candidates(NormalizedEvent e, List<CompiledEvent> into)
    {
        foreach (var d in _always) into.Add(d);
        for (int k = 0; k < _keys.Length; k++)
        {
            var v = e[_keys[k].Field];
            if (v.Kind != ValueKind.String) continue;
            var s = v.AsString;
            if (!_shapes[k].MayHold(s, _keys[k].Lowered)) continue;
            CompiledEvent[]? hits;
            if (!_keys[k].Lowered) _buckets[k].TryGetValue(s, out hits);
            else hits = LookupLowered(k, s);
            if (hits is not null)
                foreach (var d in hits) into.Add(d);
        }
    }

    // Apart, so that the stack buffer (zeroed on every entry) is taken only for a lowered key.
    private CompiledEvent[]? LookupLowered(int k, string s)
    {
        CompiledEvent[]? hits;
        if (s.Length <= 256)
        {
            Span<char> lowered = stackalloc char[256];
            int n = s.AsSpan().ToLowerInvariant(lowered);
            _lookups[k].TryGetValue(lowered[..n], out hits);
        }
        else _buckets[k].TryGetValue(s.ToLowerInvariant(), out hits);
        return hits;
    }

    /// <summary>Lengths (bit n: length n; bit 63: 63 or more) and first characters (ASCII bits; anything else one flag) of a set of strings.</summary>
    private readonly struct ValueShape(ulong lengths, ulong low, ulong high, bool other)
    {
        public static ValueShape Of(IEnumerable<string> values)
        {
            ulong lengths = 0, low = 0, high = 0;
            bool other = false;
            foreach (var v in values)
            {
                lengths |= 1UL << Math.Min(v.Length, 63);
                if (v.Length == 0) continue;
                char c = v[0];
                if (c < 64) low |= 1UL << c;
                else if (c < 128) high |= 1UL << (c - 64);
                else other = true;
            }
            return new ValueShape(lengths, low, high, other);
        }

        /// <summary>False when no value of the set can equal <paramref name="s"/> (lowered first when <paramref name="lowered"/>: lowering keeps the length).</summary>
        public bool MayHold(string s, bool lowered)
        {
            if ((lengths >> Math.Min(s.Length, 63) & 1) == 0) return false;
            if (s.Length == 0) return true;
            char c = lowered ? char.ToLowerInvariant(s[0]) : s[0];
            return c < 64 ? (low >> c & 1) != 0 : c < 128 ? (high >> (c - 64) & 1) != 0 : other;
        }
    }

    private static List<(IndexKey Key, HashSet<string> Values)> Extract(BoundExpression e)
    {
        switch (e)
        {
            case BoundBinary { Operator: BinaryOperator.And } and:
                {
                    var l = Extract(and.Left);
                    l.AddRange(Extract(and.Right));
                    return l;
                }
            case BoundBinary { Operator: BinaryOperator.Or } or:
                {
                    var l = Extract(or.Left);
                    var r = Extract(or.Right);
                    var result = new List<(IndexKey, HashSet<string>)>();
                    foreach (var (lk, lv) in l)
                        foreach (var (rk, rv) in r)
                            if (lk == rk) result.Add((lk, new HashSet<string>(lv.Concat(rv), StringComparer.Ordinal)));
                    return result;
                }
            case BoundBinary { Operator: BinaryOperator.Equal } eq:
                {
                    if (Term(eq.Left) is { } k1 && StringLiteral(eq.Right) is { } v1) return [(k1, Values(k1, [v1]))];
                    if (Term(eq.Right) is { } k2 && StringLiteral(eq.Left) is { } v2) return [(k2, Values(k2, [v2]))];
                    return [];
                }
            case BoundCall { Function.Name: "in_list", Arguments: [BoundList list, var subject] } when Term(subject) is { } key:
                {
                    var values = list.Items.Select(StringLiteral).ToList();
                    return values.All(v => v is not null) ? [(key, Values(key, values!))] : [];
                }
            default:
                return [];
        }
    }

    // A lowered index only holds lower-case literals; an upper-case one can never equal lower(x), so it is dropped.
    private static HashSet<string> Values(IndexKey key, IEnumerable<string> literals) =>
        new(key.Lowered ? literals.Where(v => v == v.ToLowerInvariant()) : literals, StringComparer.Ordinal);

    private static IndexKey? Term(BoundExpression e) => e switch
    {
        BoundFieldRead f when IsText(f.Field) => new IndexKey(f.Field.Id, false),
        BoundCall { Function.Name: "lower", Arguments: [BoundFieldRead f] } when IsText(f.Field) => new IndexKey(f.Field.Id, true),
        _ => null,
    };

    // Only text fields: their equality with a string literal is exact text equality (numbers compare numerically).
    private static bool IsText(FieldInfo f) => f.Type is FieldType.String or FieldType.Enum or FieldType.Uuid;

    private static string? StringLiteral(BoundExpression e) => e is BoundLiteral { Value.Kind: ValueKind.String } lit ? lit.Value.AsString : null;
}
