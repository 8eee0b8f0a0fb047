using Vigil.Events;

namespace Vigil.Tables.Persistence;

/// <summary>
/// A list kept on disk. Every read is served from an in-memory copy (an <see cref="InMemoryTableStore"/> loaded
/// when the list is opened), because rules query lists for every event and a typical list has at most ~100k rows;
/// every write goes to that copy and through to the <see cref="TableStoreFile"/>'s open batch.
/// A row is stored under its <see cref="TableRow.Sequence"/>, so a rewrite is a delete of the old sequence plus an
/// insert of the new one, and loading in sequence order restores the write order.
/// </summary>
public sealed class PersistentTableStore : ITableStore
{
    private readonly TableStoreFile _file;
    private readonly InMemoryTableStore _cache;
    private readonly long _listId;
    // False for a read-only store: writes then change the in-memory copy only.
    private readonly bool _writeThrough;

    internal PersistentTableStore(TableStoreFile file, TableSchema schema, long listId, bool created)
    {
        _file = file;
        Schema = schema;
        _listId = listId;
        _writeThrough = !file.IsReadOnly;
        _cache = new InMemoryTableStore(schema);
        Created = created;
    }

    public TableSchema Schema { get; }

    /// <summary>
    /// The list was not in the store before this open: it starts empty and its defaults belong in it. Defaults are
    /// loaded only then, so rows a user deleted or changed stay that way across restarts.
    /// </summary>
    public bool Created { get; }

    public int Count => _cache.Count;
    public TableRow? Oldest => _cache.Oldest;
    public IEnumerable<TableRow> Rows => _cache.Rows;

    public bool TryGet(in RowKey key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TableRow row) => _cache.TryGet(key, out row);

    public IEnumerable<TableRow> RowsWhere(int column, Value value) => _cache.RowsWhere(column, value);

    public void Put(TableRow row)
    {
        // Disk first: if the write fails the copy in memory is left as the disk has it.
        if (_writeThrough)
        {
            if (_cache.TryGet(row.Key, out var old) && old.Sequence != row.Sequence) _file.DeleteRow(_listId, old.Sequence);
            _file.PutRow(_listId, row.Sequence, RowCodec.Encode(row));
        }
        _cache.Put(row);
    }

    public bool Remove(in RowKey key)
    {
        if (!_cache.TryGet(key, out var row)) return false;
        if (_writeThrough) _file.DeleteRow(_listId, row.Sequence);
        return _cache.Remove(key);
    }

    public void Clear()
    {
        if (_writeThrough) _file.DeleteRows(_listId);
        _cache.Clear();
    }

    /// <summary>Adds a row read from disk; returns the sequence of a row with the same key that it supersedes.</summary>
    internal long? LoadedRow(TableRow row)
    {
        long? older = _cache.TryGet(row.Key, out var existing) ? existing.Sequence : null;
        _cache.Put(row);
        return older;
    }
}
