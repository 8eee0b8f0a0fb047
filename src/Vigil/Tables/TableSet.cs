using Vigil.Events;
using Vigil.Runtime;

namespace Vigil.Tables;

/// <summary>
/// The tabular lists of a running pipeline, seen by compiled rules through <see cref="ITableAccess"/>:
/// queries scan a list's live (not expired) rows; insert_into/remove_from write by primary key with the
/// insert_min/max/inc/dec modes. Bad writes are refused with a reason and counted, never thrown.
/// In memory by default; <see cref="OpenPersistent"/> gives a set kept on disk (TableSet.Persistence.cs).
/// </summary>
public sealed partial class TableSet : ITableAccess, IDisposable
{
    private readonly Dictionary<string, TableData> _tables = new(StringComparer.Ordinal);

    public TableSet(IEnumerable<TableSchema> schemas, Func<TableSchema, ITableStore?>? storeFactory = null)
    {
        foreach (var s in schemas) _tables[s.Name] = new TableData(s, storeFactory?.Invoke(s));
    }

    public IReadOnlyDictionary<string, TableData> Tables => _tables;
    public long RejectedWrites { get; private set; }
    public string? LastWriteError { get; private set; }

    public bool TryGet(string name, out TableData table) => _tables.TryGetValue(name, out table!);

    /// <summary>Loads every list's defaults (the <c>table_list default</c> test directive).</summary>
    public int LoadDefaults(long nowTicks) => _tables.Values.Sum(t => t.LoadDefaults(nowTicks));

    public void Clear()
    {
        foreach (var t in _tables.Values) t.Clear();
    }

    public IEnumerable<ITableRow> Scan(string table, long nowTicks, Func<ITableRow, bool> predicate)
    {
        if (!_tables.TryGetValue(table, out var data)) yield break;
        foreach (var row in data.Scan(nowTicks))
            if (predicate(row)) yield return row;
    }

    public string? Write(string table, bool insert, ReadOnlySpan<(int Column, string Mode, Value Value)> columns, long nowTicks)
    {
        if (!_tables.TryGetValue(table, out var data)) return Fail($"no tabular list '{table}'");
        var schema = data.Schema;
        var key = new Value[schema.PrimaryKey.Length];
        var given = new bool[schema.Columns.Length];
        var values = new Value[schema.Columns.Length];
        foreach (var (col, _, value) in columns)
        {
            values[col] = value;
            given[col] = true;
        }
        for (int i = 0; i < key.Length; i++)
        {
            int col = schema.PrimaryKey[i];
            if (!given[col]) return Fail($"write to '{table}' does not set key column '{schema.Columns[col].Name}'");
            if (!ColumnValues.TryConvert(schema.Columns[col].Type, values[col], out key[i], out var err)) return Fail(err);
        }
        if (!insert)
        {
            data.Remove(key); // removing an absent row is not an error
            return null;
        }

        data.TryGet(key, nowTicks, out var existing);
        var named = new List<KeyValuePair<string, Value>>(columns.Length);
        foreach (var (col, mode, value) in columns)
        {
            var current = existing is null ? Value.Null : existing[col];
            var v = mode switch
            {
                "insert_min" => current.IsNull || Operators.Less(value, current) ? value : current,
                "insert_max" => current.IsNull || Operators.Greater(value, current) ? value : current,
                "insert_inc" => current.TryGetNumber(out long n) ? Value.Number(n + 1) : Value.Number(1),
                "insert_dec" => current.TryGetNumber(out long m) ? Value.Number(m - 1) : Value.Number(-1),
                _ => value,
            };
            named.Add(new(schema.Columns[col].Name, v));
        }
        var result = data.Upsert(named, nowTicks);
        return result.IsOk ? null : Fail(result.Error ?? "write refused");
    }

    private string Fail(string? reason)
    {
        RejectedWrites++;
        LastWriteError = reason;
        return reason ?? "write refused";
    }
}
