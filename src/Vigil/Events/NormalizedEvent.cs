using System.Numerics;

namespace Vigil.Events;

/// <summary>
/// A normalized event: one typed slot per taxonomy field plus a bit set of the slots in use.
/// Writers reuse one instance per stream (<see cref="Clear"/>) so the per-event path allocates nothing for the record itself.
/// Values are stored as already coerced to the field's type (see <see cref="FieldCoercion"/>).
/// </summary>
public sealed class NormalizedEvent
{
    private readonly Value[] _values;
    private readonly ulong[] _set;
    private int _count;

    public NormalizedEvent(Taxonomy taxonomy)
    {
        Taxonomy = taxonomy;
        _values = new Value[taxonomy.Count];
        _set = new ulong[(taxonomy.Count + 63) / 64];
    }

    public Taxonomy Taxonomy { get; }
    public int Count => _count;

    public Value this[FieldId id] => _values[id.Value];

    public bool Has(FieldId id) => (_set[id.Value >> 6] & (1UL << (id.Value & 63))) != 0;

    /// <summary>Stores a value that is already of the field's type; null clears the field.</summary>
    public void SetRaw(FieldId id, Value value)
    {
        if (value.IsNull) { Remove(id); return; }
        ref ulong word = ref _set[id.Value >> 6];
        ulong bit = 1UL << (id.Value & 63);
        if ((word & bit) == 0) { word |= bit; _count++; }
        _values[id.Value] = value;
    }

    /// <summary>Stores a run of non-null values already of their fields' types (constant assignments), a word of the set at a time.</summary>
    public void SetRaw(FieldRun run)
    {
        foreach (var (word, mask) in run.Words)
        {
            ref ulong w = ref _set[word];
            _count += BitOperations.PopCount(mask & ~w);
            w |= mask;
        }
        var ids = run.Ids;
        var values = run.Values;
        for (int i = 0; i < ids.Length; i++) _values[ids[i]] = values[i];
    }

    /// <summary>Coerces to the field's type and stores; a value that cannot be coerced leaves the field unset.</summary>
    public void Set(FieldId id, Value value) => SetRaw(id, FieldCoercion.Coerce(Taxonomy[id], value));

    public void Set(string field, Value value) => Set(Taxonomy.Require(field), value);

    public Value Get(string field) => Taxonomy.TryGetField(field, out var f) ? this[f.Id] : Value.Null;

    public void Remove(FieldId id)
    {
        ref ulong word = ref _set[id.Value >> 6];
        ulong bit = 1UL << (id.Value & 63);
        if ((word & bit) != 0) { word &= ~bit; _count--; _values[id.Value] = default; }
    }

    public void Clear()
    {
        if (_count == 0) return;
        for (int w = 0; w < _set.Length; w++)
        {
            ulong bits = _set[w];
            while (bits != 0)
            {
                int b = BitOperations.TrailingZeroCount(bits);
                _values[(w << 6) + b] = default;
                bits &= bits - 1;
            }
            _set[w] = 0;
        }
        _count = 0;
    }

    /// <summary>The set fields in taxonomy (alphabetical) order.</summary>
    public FieldEnumerator GetEnumerator() => new(this);

    public NormalizedEvent Clone()
    {
        var copy = new NormalizedEvent(Taxonomy);
        CopyTo(copy);
        return copy;
    }

    public void CopyTo(NormalizedEvent target)
    {
        target.Clear();
        foreach (var id in this) target.SetRaw(id, this[id]);
    }

    /// <summary>Event time in UTC ticks, or null when the event has no time.</summary>
    public long? TimeTicks
    {
        get
        {
            var t = this[Taxonomy.Time];
            return t.Kind == ValueKind.DateTime ? t.AsTicks : null;
        }
    }

    public struct FieldEnumerator
    {
        private readonly NormalizedEvent _e;
        private int _word;
        private ulong _bits;
        private int _current;

        internal FieldEnumerator(NormalizedEvent e)
        {
            _e = e;
            _word = 0;
            _bits = e._set.Length > 0 ? e._set[0] : 0;
            _current = -1;
        }

        public FieldId Current => new(_current);

        public bool MoveNext()
        {
            while (_bits == 0)
            {
                if (++_word >= _e._set.Length) return false;
                _bits = _e._set[_word];
            }
            int b = BitOperations.TrailingZeroCount(_bits);
            _bits &= _bits - 1;
            _current = (_word << 6) + b;
            return true;
        }
    }
}

/// <summary>Fields and non-null values written together (a run of constant assignments), with the bits they set.</summary>
public sealed class FieldRun
{
    public FieldRun(IReadOnlyList<(FieldId Id, Value Value)> items)
    {
        if (items.Any(i => i.Value.IsNull)) throw new ArgumentException("a field run holds no nulls (a null removes its field)", nameof(items));
        Ids = items.Select(i => i.Id.Value).ToArray();
        Values = items.Select(i => i.Value).ToArray();
        Words = Ids.GroupBy(id => id >> 6).Select(g => (g.Key, g.Aggregate(0UL, (m, id) => m | 1UL << (id & 63)))).ToArray();
    }

    internal int[] Ids { get; }
    internal Value[] Values { get; }
    internal (int Word, ulong Mask)[] Words { get; }
    public int Count => Ids.Length;
    public FieldId IdAt(int i) => new(Ids[i]);
    public Value ValueAt(int i) => Values[i];
}
