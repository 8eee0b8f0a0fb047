using DuckDB.NET.Data;

namespace Vigil.Storage;

/// <summary>A column of a hunt result: its name and DuckDB type (as DuckDB.NET names it: <c>Varchar</c>, <c>BigInt</c>, <c>Timestamp</c>, <c>List</c>…).</summary>
public sealed record HuntColumn(string Name, string Type)
{
    public bool IsNumeric => Type is "TinyInt" or "SmallInt" or "Integer" or "BigInt" or "HugeInt"
        or "UnsignedTinyInt" or "UnsignedSmallInt" or "UnsignedInteger" or "UnsignedBigInt" or "UnsignedHugeInt"
        or "Float" or "Double" or "Decimal";
}

/// <summary>
/// The rows of a hunt, streamed: for CSV, JSON lines and other outputs that must not hold a large result in memory.
/// Values are typed (<see cref="long"/>, <see cref="string"/>, <see cref="DateTime"/>, <see cref="List{T}"/>…; null for SQL NULL).
/// </summary>
public sealed class HuntCursor : IDisposable
{
    private readonly DuckDBCommand _command;
    private readonly DuckDBDataReader _reader;

    internal HuntCursor(DuckDBCommand command, DuckDBDataReader reader)
    {
        _command = command;
        _reader = reader;
        var columns = new HuntColumn[reader.FieldCount];
        for (int i = 0; i < columns.Length; i++) columns[i] = new HuntColumn(reader.GetName(i), reader.GetDataTypeName(i));
        Columns = columns;
    }

    public IReadOnlyList<HuntColumn> Columns { get; }

    /// <summary>Moves to the next row; a DuckDB error met while reading becomes an <see cref="EventStoreException"/>.</summary>
    public bool Read()
    {
        try { return _reader.Read(); }
        catch (DuckDBException ex) { throw new EventStoreException(ex.Message, ex); }
    }

    public object? this[int ordinal] => _reader.IsDBNull(ordinal) ? null : HuntValue.Detach(_reader.GetValue(ordinal));

    /// <summary>The current row as a new array.</summary>
    public object?[] GetRow()
    {
        var row = new object?[Columns.Count];
        for (int i = 0; i < row.Length; i++) row[i] = this[i];
        return row;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _command.Dispose();
    }
}

/// <summary>A buffered hunt result: the columns, the first rows, how many rows there were in all and the time taken.</summary>
public sealed record HuntResult(IReadOnlyList<HuntColumn> Columns, IReadOnlyList<object?[]> Rows, long TotalRows, TimeSpan Elapsed)
{
    /// <summary>More rows matched than <see cref="Rows"/> holds.</summary>
    public bool Truncated => TotalRows > Rows.Count;
}
