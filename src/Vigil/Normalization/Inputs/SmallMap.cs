using Vigil.Events;

namespace Vigil.Normalization.Inputs;

/// <summary>
/// A tiny fixed-key map (Provider {Name, Guid}, Execution {ProcessID, ThreadID} …) that a view refills per
/// event instead of allocating; keys are constants, so a linear ordinal compare is the fastest lookup.
/// </summary>
internal sealed class SmallMap : IValueMap
{
    private readonly string[] _keys = new string[4];
    private readonly Value[] _values = new Value[4];
    private int _count;

    public void Clear()
    {
        Array.Clear(_values, 0, _count);
        _count = 0;
    }

    /// <summary>Adds a member; a null value is left out, as an absent XML child would be.</summary>
    public void Add(string key, Value value)
    {
        if (value.IsNull || _count == _keys.Length) return;
        _keys[_count] = key;
        _values[_count++] = value;
    }

    public bool IsEmpty => _count == 0;

    public Value Get(string key)
    {
        for (int i = 0; i < _count; i++)
            if (string.Equals(_keys[i], key, StringComparison.Ordinal)) return _values[i];
        return Value.Null;
    }

    public string? Text => null;

    public IEnumerable<KeyValuePair<string, Value>> Entries
    {
        get
        {
            for (int i = 0; i < _count; i++) yield return new(_keys[i], _values[i]);
        }
    }
}

/// <summary>
/// A map over a <see cref="Utf8KeyIndex"/>, optionally hiding some names: a flat export keeps system and
/// event-data fields side by side at the top level, and <c>$Data</c> must see only the event data.
/// </summary>
internal sealed class IndexedMap : IValueMap
{
    private Utf8KeyIndex? _index;
    private ValueMode _mode;
    private HashSet<string>? _hidden;

    public void Reset(Utf8KeyIndex? index, ValueMode mode, HashSet<string>? hidden = null)
    {
        _index = index;
        _mode = mode;
        _hidden = hidden;
    }

    public Value Get(string key)
    {
        if (_index is null || (_hidden is not null && _hidden.Contains(key))) return Value.Null;
        return _index.Get(key, _mode);
    }

    /// <summary><see cref="Get(string)"/> for a compiled constant key: no hashing per read.</summary>
    public Value Get(PreparedKey key)
    {
        if (_index is null || (_hidden is not null && key.IsIn(_hidden))) return Value.Null;
        int i = _index.Find(key.Name, key.Hash);
        return i < 0 ? Value.Null : _index.ValueAt(i, _mode);
    }

    public string? Text => null;

    public IEnumerable<KeyValuePair<string, Value>> Entries
    {
        get
        {
            if (_index is null) yield break;
            for (int i = 0; i < _index.Count; i++)
            {
                var name = _index.InternedNameAt(i);
                if (_hidden is not null && _hidden.Contains(name)) continue;
                yield return new(name, _index.ValueAt(i, _mode));
            }
        }
    }
}
