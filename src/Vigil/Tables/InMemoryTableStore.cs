using Vigil.Events;

namespace Vigil.Tables;

/// <summary>
/// The default <see cref="ITableStore"/>: a hash map from key to a node of a write-ordered linked list
/// (O(1) get, put, remove and oldest), plus a hash index per indexed column.
/// Indexed columns are those declared <c>index: true</c> and the leading column of a composite key
/// (which PT indexes through the composite key); a single-column primary key is served by the key map.
/// </summary>
public sealed class InMemoryTableStore : ITableStore
{
    private readonly Dictionary<RowKey, LinkedListNode<TableRow>> _byKey = [];
    private readonly LinkedList<TableRow> _order = new();
    // Per column ordinal: value -> rows holding it; null for columns without an index.
    private readonly Dictionary<Value, HashSet<TableRow>>?[] _indexes;
    private readonly int _singleKeyColumn;

    public InMemoryTableStore(TableSchema schema)
    {
        _indexes = new Dictionary<Value, HashSet<TableRow>>?[schema.Columns.Length];
        _singleKeyColumn = schema.PrimaryKey.Length == 1 ? schema.PrimaryKey[0] : -1;
        foreach (var column in schema.Columns)
        {
            bool leadsCompositeKey = schema.PrimaryKey.Length > 1 && schema.PrimaryKey[0] == column.Ordinal;
            if ((column.IsIndexed || leadsCompositeKey) && column.Ordinal != _singleKeyColumn)
                _indexes[column.Ordinal] = new Dictionary<Value, HashSet<TableRow>>(ValueKeyComparer.Instance);
        }
    }

    public int Count => _byKey.Count;

    public TableRow? Oldest => _order.First?.Value;

    public IEnumerable<TableRow> Rows => _order;

    public bool TryGet(in RowKey key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TableRow row)
    {
        if (_byKey.TryGetValue(key, out var node))
        {
            row = node.Value;
            return true;
        }
        row = null;
        return false;
    }

    public void Put(TableRow row)
    {
        if (_byKey.TryGetValue(row.Key, out var node))
        {
            Unindex(node.Value);
            _order.Remove(node);
            node.Value = row;
            _order.AddLast(node);
        }
        else
        {
            _byKey.Add(row.Key, _order.AddLast(row));
        }
        Index(row);
    }

    public bool Remove(in RowKey key)
    {
        if (!_byKey.Remove(key, out var node)) return false;
        Unindex(node.Value);
        _order.Remove(node);
        return true;
    }

    public IEnumerable<TableRow> RowsWhere(int column, Value value)
    {
        if (column == _singleKeyColumn)
            return TryGet(RowKey.Of(value), out var row) ? [row] : [];
        if (_indexes[column] is { } index)
        {
            if (!index.TryGetValue(value, out var rows)) return [];
            // Buckets are unordered sets (O(1) removal); callers expect write order, as from a scan.
            return rows.Count == 1 ? [.. rows] : rows.OrderBy(r => r.Sequence).ToArray();
        }
        return _order.Where(r => r[column].SameAs(value));
    }

    public void Clear()
    {
        _byKey.Clear();
        _order.Clear();
        foreach (var index in _indexes) index?.Clear();
    }

    private void Index(TableRow row)
    {
        for (int c = 0; c < _indexes.Length; c++)
        {
            if (_indexes[c] is not { } index) continue;
            if (!index.TryGetValue(row[c], out var rows)) index.Add(row[c], rows = new HashSet<TableRow>(ReferenceEqualityComparer.Instance));
            rows.Add(row);
        }
    }

    private void Unindex(TableRow row)
    {
        for (int c = 0; c < _indexes.Length; c++)
        {
            if (_indexes[c] is not { } index || !index.TryGetValue(row[c], out var rows)) continue;
            rows.Remove(row);
            if (rows.Count == 0) index.Remove(row[c]);
        }
    }
}
