namespace Vigil.Tables.Persistence;

/// <summary>How a <see cref="TableStoreFile"/> is opened and how often its writes reach the disk.</summary>
public sealed record TableStoreOptions
{
    /// <summary>The folder used when none is given: beside the event store (<c>vigil.duckdb</c>) in the working directory.</summary>
    public const string DefaultDirectory = "vigil-tables";

    public static TableStoreOptions Default { get; } = new();

    /// <summary>
    /// Open without the writer's lock, so it works while a pipeline holds the store. Rows are read from the last
    /// committed state; writes change only the in-memory copy (nothing reaches the disk), and lists that are not
    /// stored yet are shown as they would be created: with their defaults.
    /// </summary>
    public bool ReadOnly { get; init; }

    /// <summary>
    /// Writes (row puts and deletes) per transaction. Rules write once per action, so committing each write would
    /// cost an fsync per event; a batch bounds what a crash can lose instead.
    /// </summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>A batch older than this is committed at the next write, so a slow trickle of writes still reaches the disk.</summary>
    public TimeSpan MaxBatchAge { get; init; } = TimeSpan.FromSeconds(1);
}
