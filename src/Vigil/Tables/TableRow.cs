using System.Text.RegularExpressions;
using Vigil.Events;

namespace Vigil.Tables;

/// <summary>
/// One stored row: typed values in column order, its key, and when it was last written.
/// Immutable: a write replaces the row object, so a reader holding a row (or iterating a snapshot)
/// never sees it change underneath.
/// </summary>
public sealed class TableRow : Vigil.Runtime.ITableRow
{
    private readonly Value[] _values;
    // Compiled patterns of Regex columns, by column ordinal; null when the list has no Regex column.
    private readonly Regex?[]? _patterns;

    internal TableRow(RowKey key, Value[] values, Regex?[]? patterns, long writtenTicks, long sequence)
    {
        Key = key;
        _values = values;
        _patterns = patterns;
        WrittenTicks = writtenTicks;
        Sequence = sequence;
    }

    /// <summary>A row of <paramref name="schema"/> from canonical column values: its key taken and Regex columns compiled.</summary>
    internal static TableRow Create(TableSchema schema, Value[] values, long writtenTicks, long sequence) =>
        new(RowKey.FromRow(values, schema.PrimaryKey.AsSpan()), values, TableRegex.CompileColumns(schema, values), writtenTicks, sequence);

    public RowKey Key { get; }
    /// <summary>Event time (UTC ticks) of the last write; the TTL counts from here.</summary>
    public long WrittenTicks { get; }
    /// <summary>Write order within its table: larger is newer.</summary>
    public long Sequence { get; }

    public int ColumnCount => _values.Length;
    public Value this[int column] => _values[column];
    public ReadOnlySpan<Value> Values => _values;

    /// <summary>The compiled pattern of a Regex column (null for other columns and null cells).</summary>
    public Regex? Pattern(int column) => _patterns?[column];

    /// <summary>
    /// Whether the pattern in Regex column <paramref name="column"/> occurs in <paramref name="input"/>
    /// (search, not full match, as RE2's partial match). A pattern that times out counts as no match.
    /// </summary>
    public bool IsMatch(int column, string input)
    {
        if (Pattern(column) is not { } regex) return false;
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    public override string ToString() => "[" + string.Join(", ", _values.Select(v => v.ToString())) + "]";
}
