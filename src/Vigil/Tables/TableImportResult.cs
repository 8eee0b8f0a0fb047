namespace Vigil.Tables;

/// <summary>One CSV record that was not imported: the line it starts on (1 = the header) and why.</summary>
public readonly record struct TableImportError(long Line, string Message);

/// <summary>What <see cref="TableCsv.Import"/> did. Good rows are imported even when others are bad.</summary>
public sealed record TableImportResult(int Inserted, int Updated, int Evicted, IReadOnlyList<TableImportError> Errors)
{
    public int Imported => Inserted + Updated;
}

/// <summary>The CSV cannot be imported at all (no header, an unknown or missing key column): nothing was written.</summary>
public sealed class TableCsvException(long line, string message) : Exception(message)
{
    public long Line { get; } = line;
}
