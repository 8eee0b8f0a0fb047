using System.Text.Json;
using Vigil.Events;

namespace Vigil.Tables;

/// <summary>
/// The contents of one tabular list: typed rows keyed by the schema's primary key, over a pluggable
/// <see cref="ITableStore"/> (in memory by default).
/// <para>
/// Time is event time, passed in as UTC ticks on every call (<c>nowTicks</c>): tests replay old events, so the
/// wall clock would expire everything. A row expires <see cref="TableSchema.TtlSeconds"/> after its last
/// write. When <see cref="TableSchema.MaxSize"/> is reached, inserting a new key evicts the least recently
/// written row. Scan order is write order: a rewritten row moves to the end; with distinct keys this is
/// insertion order (defaults, then test rows), the order spec §9.1 recommends for <c>select_query_first</c>.
/// </para>
/// Not thread-safe; do not write while enumerating a scan.
/// </summary>
public sealed class TableData
{
    private readonly long _ttlTicks;
    private readonly bool _hasRegex;
    private long _sequence;

    public TableData(TableSchema schema, ITableStore? store = null)
    {
        Schema = schema;
        Store = store ?? new InMemoryTableStore(schema);
        // A TTL too large to express in ticks is as good as none.
        _ttlTicks = schema.TtlSeconds > 0 && schema.TtlSeconds <= long.MaxValue / TimeSpan.TicksPerSecond
            ? schema.TtlSeconds * TimeSpan.TicksPerSecond
            : 0;
        _hasRegex = schema.Columns.Any(c => c.Type == ColumnType.Regex);
        // A store opened on disk already holds rows: number new writes after them, so write order stays total.
        foreach (var row in Store.Rows)
            if (row.Sequence > _sequence) _sequence = row.Sequence;
    }

    public TableSchema Schema { get; }
    public ITableStore Store { get; }

    /// <summary>Rows held, including expired ones not yet purged (see <see cref="Expire"/>).</summary>
    public int Count => Store.Count;

    public bool IsExpired(TableRow row, long nowTicks) =>
        _ttlTicks > 0 && nowTicks >= row.WrittenTicks && nowTicks - row.WrittenTicks >= _ttlTicks;

    // ---- writes

    /// <summary>Writes a full row given in column order (length = column count); every column is replaced.</summary>
    public TableWriteResult Upsert(ReadOnlySpan<Value> row, long nowTicks)
    {
        if (row.Length != Schema.Columns.Length)
            return TableWriteResult.Reject($"a row of '{Schema.Name}' has {Schema.Columns.Length} values, not {row.Length}");
        return Write(row.ToArray(), provided: null, nowTicks);
    }

    /// <summary>
    /// Writes the named columns. The key columns are required; on update the other columns keep their values,
    /// on insert they are null (as <c>insert_into</c> sets only the columns it names).
    /// </summary>
    public TableWriteResult Upsert(IEnumerable<KeyValuePair<string, Value>> columns, long nowTicks)
    {
        var values = new Value[Schema.Columns.Length];
        var provided = new bool[values.Length];
        foreach (var (name, value) in columns)
        {
            int ordinal = Schema.ColumnOrdinal(name);
            if (ordinal < 0) return TableWriteResult.Reject($"tabular list '{Schema.Name}' has no column '{name}'");
            values[ordinal] = value;
            provided[ordinal] = true;
        }
        return Write(values, provided, nowTicks);
    }

    /// <summary>A row from a test file (<c>table_list {"Table": [{…}]}</c>): a JSON object of column values.</summary>
    public TableWriteResult UpsertJson(JsonElement row, long nowTicks)
    {
        if (row.ValueKind != JsonValueKind.Object)
            return TableWriteResult.Reject($"a row of '{Schema.Name}' must be a JSON object");
        return Upsert(row.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, EventJson.FromJson(p.Value))), nowTicks);
    }

    /// <summary>Loads the schema's default rows (PT, then LOC); they were validated when the schema was read.</summary>
    public int LoadDefaults(long nowTicks)
    {
        int loaded = 0;
        foreach (var row in Schema.Defaults)
            if (Upsert(row.Values.AsSpan(), nowTicks).IsOk) loaded++;
        return loaded;
    }

    public bool Remove(ReadOnlySpan<Value> key) => TryKey(key, out var k) && Store.Remove(k);

    public void Clear() => Store.Clear();

    /// <summary>Purges expired rows from the oldest end; returns how many were removed.</summary>
    public int Expire(long nowTicks)
    {
        if (_ttlTicks == 0) return 0;
        int removed = 0;
        while (Store.Oldest is { } oldest && IsExpired(oldest, nowTicks))
        {
            Store.Remove(oldest.Key);
            removed++;
        }
        return removed;
    }

    private TableWriteResult Write(Value[] values, bool[]? provided, long nowTicks)
    {
        var columns = Schema.Columns;
        for (int c = 0; c < values.Length; c++)
        {
            if (provided is not null && !provided[c]) continue;
            if (!ColumnValues.TryConvert(columns[c].Type, values[c], out values[c], out string? error))
                return TableWriteResult.Reject($"column '{columns[c].Name}': {error}", c);
        }
        if (provided is not null)
        {
            foreach (int k in Schema.PrimaryKey)
                if (!provided[k]) return TableWriteResult.Reject($"key column '{columns[k].Name}' has no value", k);
        }

        var key = RowKey.FromRow(values, Schema.PrimaryKey.AsSpan());
        Expire(nowTicks);
        bool exists = Store.TryGet(key, out var existing) && !IsExpired(existing, nowTicks);
        if (provided is not null && exists)
        {
            for (int c = 0; c < values.Length; c++)
                if (!provided[c]) values[c] = existing![c];
        }
        for (int c = 0; c < values.Length; c++)
        {
            if (values[c].IsNull && !columns[c].IsNullable)
                return TableWriteResult.Reject($"column '{columns[c].Name}' is not nullable", c);
        }

        int evicted = 0;
        if (!exists && Schema.MaxSize > 0)
        {
            if (existing is not null) Store.Remove(key); // expired row with this key: it does not count
            while (Store.Count >= Schema.MaxSize && Store.Oldest is { } oldest)
            {
                Store.Remove(oldest.Key);
                evicted++;
            }
        }
        Store.Put(new TableRow(key, values, _hasRegex ? TableRegex.CompileColumns(Schema, values) : null, nowTicks, ++_sequence));
        return new TableWriteResult(exists ? TableWriteStatus.Updated : TableWriteStatus.Inserted, Evicted: evicted);
    }

    // ---- reads

    /// <summary>The live row with primary key <paramref name="key"/> (values in key order, converted to the key columns' types).</summary>
    public bool TryGet(ReadOnlySpan<Value> key, long nowTicks, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TableRow row)
    {
        row = null;
        if (!TryKey(key, out var k) || !Store.TryGet(k, out var found)) return false;
        if (IsExpired(found, nowTicks))
        {
            Store.Remove(k);
            return false;
        }
        row = found;
        return true;
    }

    public bool TryGet(Value key, long nowTicks, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TableRow row) =>
        TryGet([key], nowTicks, out row);

    /// <summary>Every live row, least recently written first.</summary>
    public IEnumerable<TableRow> Scan(long nowTicks)
    {
        Expire(nowTicks);
        return _ttlTicks == 0 ? Store.Rows : Store.Rows.Where(r => !IsExpired(r, nowTicks));
    }

    /// <summary>Live rows whose column equals <paramref name="value"/> (converted to the column's type), via an index when there is one.</summary>
    public IEnumerable<TableRow> FindBy(int column, Value value, long nowTicks)
    {
        if ((uint)column >= (uint)Schema.Columns.Length || !TryProbe(column, value, out var typed)) return [];
        Expire(nowTicks);
        var rows = Store.RowsWhere(column, typed);
        return _ttlTicks == 0 ? rows : rows.Where(r => !IsExpired(r, nowTicks));
    }

    public IEnumerable<TableRow> FindBy(string column, Value value, long nowTicks) =>
        FindBy(Schema.ColumnOrdinal(column), value, nowTicks);

    private bool TryKey(ReadOnlySpan<Value> key, out RowKey rowKey)
    {
        rowKey = default;
        var pk = Schema.PrimaryKey;
        if (key.Length != pk.Length) return false;
        if (pk.Length == 1)
        {
            // The common single-column key: no array.
            if (!TryProbe(pk[0], key[0], out var single)) return false;
            rowKey = RowKey.Of(single);
            return true;
        }
        var typed = new Value[pk.Length];
        for (int i = 0; i < typed.Length; i++)
            if (!TryProbe(pk[i], key[i], out typed[i])) return false;
        rowKey = RowKey.Of(typed);
        return true;
    }

    /// <summary>A lookup value in the column's canonical form. A Regex column is looked up by pattern text, which need not compile.</summary>
    private bool TryProbe(int column, Value value, out Value typed)
    {
        var type = Schema.Columns[column].Type;
        return ColumnValues.TryConvert(type == ColumnType.Regex ? ColumnType.String : type, value, out typed, out _);
    }
}
