using System.Text;
using Vigil.Events;

namespace Vigil.Tables;

/// <summary>
/// The primary-key tuple of a row, hashed once. Values must already be canonical column values
/// (see <see cref="ColumnValues"/>) so that equal keys compare equal; strings compare ordinally
/// (the case sensitivity of PT lookups is open question Q6 of the spec).
/// </summary>
public readonly struct RowKey : IEquatable<RowKey>
{
    // A one-column key, the common case, does not allocate an array.
    private readonly Value _single;
    private readonly Value[]? _values;
    private readonly int _hash;
    // Text keys (correlation): values of different kinds are equal when their text is (a number meets a string).
    private readonly bool _byText;

    private RowKey(Value single, Value[]? values, int hash, bool byText = false)
    {
        _single = single;
        _values = values;
        _hash = hash;
        _byText = byText;
    }

    /// <summary>A key compared by the text of its values, hashed without converting them to strings.</summary>
    public static RowKey ByText(Value single) => new(single, null, single.TextHash(), byText: true);

    /// <summary>A multi-value text key; takes ownership of <paramref name="values"/>.</summary>
    public static RowKey ByText(Value[] values)
    {
        if (values.Length == 1) return ByText(values[0]);
        var hash = new HashCode();
        foreach (var v in values) hash.Add(v.TextHash());
        return new RowKey(default, values, hash.ToHashCode(), byText: true);
    }

    public static RowKey Of(Value single) => new(single, null, single.KeyHash());

    public static RowKey Of(ReadOnlySpan<Value> values)
    {
        if (values.Length == 1) return Of(values[0]);
        var hash = new HashCode();
        foreach (var v in values) hash.Add(v.KeyHash());
        return new RowKey(default, values.ToArray(), hash.ToHashCode());
    }

    /// <summary>The key of a row given in column order, taking the columns at <paramref name="keyColumns"/>.</summary>
    public static RowKey FromRow(ReadOnlySpan<Value> row, ReadOnlySpan<int> keyColumns)
    {
        if (keyColumns.Length == 1) return Of(row[keyColumns[0]]);
        var values = new Value[keyColumns.Length];
        var hash = new HashCode();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = row[keyColumns[i]];
            hash.Add(values[i].KeyHash());
        }
        return new RowKey(default, values, hash.ToHashCode());
    }

    /// <summary>This key with its own copy of the values (for a key built in a borrowed array that must be kept).</summary>
    public RowKey Detached() => _values is null ? this : new RowKey(default, (Value[])_values.Clone(), _hash, _byText);

    public int Count => _values?.Length ?? 1;
    public Value this[int index] => _values is null ? (index == 0 ? _single : throw new ArgumentOutOfRangeException(nameof(index))) : _values[index];

    public bool Equals(RowKey other)
    {
        if (_hash != other._hash || Count != other.Count || _byText != other._byText) return false;
        if (_values is null) return Same(_single, other._single);
        for (int i = 0; i < _values.Length; i++)
            if (!Same(_values[i], other._values![i])) return false;
        return true;
    }

    private bool Same(in Value a, in Value b) => _byText ? a.SameText(b) : a.SameAs(b);

    public override bool Equals(object? obj) => obj is RowKey k && Equals(k);
    public override int GetHashCode() => _hash;

    /// <summary><c>"a"</c> or <c>("a", 1)</c>, for messages.</summary>
    public override string ToString()
    {
        if (_values is null) return _single.ToString();
        var sb = new StringBuilder("(");
        for (int i = 0; i < _values.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(_values[i].ToString());
        }
        return sb.Append(')').ToString();
    }
}
