namespace Vigil.Tables;

public enum TableWriteStatus : byte
{
    Inserted,
    Updated,
    /// <summary>Nothing was written; <see cref="TableWriteResult.Error"/> says why.</summary>
    Rejected,
}

/// <summary>
/// Outcome of a write. Bad values are reported here rather than thrown: they come from events and
/// test files, and a rule must keep running when one write fails.
/// </summary>
/// <param name="Column">Ordinal of the offending column for a rejection, else -1.</param>
/// <param name="Evicted">Rows removed to stay within maxSize.</param>
public readonly record struct TableWriteResult(TableWriteStatus Status, string? Error = null, int Column = -1, int Evicted = 0)
{
    public bool IsOk => Status != TableWriteStatus.Rejected;

    internal static TableWriteResult Reject(string error, int column = -1) => new(TableWriteStatus.Rejected, error, column);
}
