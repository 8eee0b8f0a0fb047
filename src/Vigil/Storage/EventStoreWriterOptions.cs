namespace Vigil.Storage;

public sealed class EventStoreWriterOptions
{
    /// <summary>
    /// Rows per batch; each batch is one transaction. Larger batches amortize the commit; smaller ones lose
    /// less work when a batch fails and hold less in DuckDB's transaction-local storage.
    /// </summary>
    public int BatchSize { get; init; } = 10_000;

    /// <summary>Names this run in the <c>ingest_id</c> column and the <c>ingests</c> table; generated when null.</summary>
    public string? IngestId { get; init; }
}

/// <summary>
/// Counts of one writer's run: rows committed or pending (<see cref="PendingRows"/> of them not committed yet).
/// A failed batch is taken out again, so the counts never include rows the store does not hold.
/// </summary>
public readonly record struct EventStoreStats(long Normalized, long Unmatched, long Rejected, long Duplicates, long Batches, int PendingRows)
{
    /// <summary>Rows written or pending: normalized + unmatched + rejected.</summary>
    public long Rows => Normalized + Unmatched + Rejected;
}

/// <summary>What the store knows of a source before it is read (see <see cref="EventStoreWriter.GetSourceStatus"/>).</summary>
public enum SourceStatus
{
    /// <summary>No row of this source is stored.</summary>
    New,
    /// <summary>Some rows are stored but the source was never completed (an interrupted run): read it again, stored lines are skipped by key.</summary>
    Partial,
    /// <summary>Completed before with another size or fingerprint: the content changed. New lines are added; lines stored before stay.</summary>
    Changed,
    /// <summary>Completed before with the same size and fingerprint: skip it without reading.</summary>
    Complete,
}
