using Vigil.Events;

namespace Vigil.Tables;

/// <summary>
/// Where a <see cref="TableData"/> keeps its rows. The table owns the policy (typing, TTL, size limit);
/// the store only keeps rows by key in write order, so a persistent store can be plugged in later
/// without touching the rules that use tables. Stores need not be thread-safe: a table is used by one
/// correlation pipeline at a time.
/// </summary>
public interface ITableStore
{
    int Count { get; }

    bool TryGet(in RowKey key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TableRow row);

    /// <summary>Inserts the row, or replaces the row with the same key; either way it becomes the newest.</summary>
    void Put(TableRow row);

    bool Remove(in RowKey key);

    /// <summary>The least recently written row, or null when empty (eviction and expiry start here).</summary>
    TableRow? Oldest { get; }

    /// <summary>All rows, least recently written first. Do not write to the store while iterating.</summary>
    IEnumerable<TableRow> Rows { get; }

    /// <summary>
    /// Rows whose column <paramref name="column"/> equals <paramref name="value"/> (a canonical column value),
    /// least recently written first. A store may serve this from an index or by scanning.
    /// </summary>
    IEnumerable<TableRow> RowsWhere(int column, Value value);

    void Clear();
}
