namespace Vigil.Storage;

/// <summary>
/// Exports the <c>events</c> of a store to Parquet under a folder, partitioned Hive-style by event date and source:
/// <c>DIR/date=2024-01-02/event_src=windows/data_0.parquet</c>. DuckDB, Spark SQL, Trino and pandas read the
/// partitions back as columns (<c>read_parquet('DIR/**/*.parquet', hive_partitioning = true)</c>).
/// <para>
/// Columns carry their snake_case names (the <c>ev</c> view): Spark treats a dot in a column name as a struct
/// path and needs backticks everywhere, so dotted names would make the files awkward to use there.
/// Events without a time go under <c>date=unknown</c>, without <c>event_src.title</c> under <c>event_src=unknown</c>.
/// DuckDB percent-encodes characters that are unsafe in a folder name (<c>/</c>, spaces); readers decode them.
/// </para>
/// </summary>
public static class ParquetExport
{
    public const string UnknownPartition = "unknown";

    /// <summary>
    /// Writes the Parquet files and returns the number of events exported. A folder that already holds files is
    /// refused (DuckDB's message) unless <paramref name="overwrite"/> is set, which replaces its contents.
    /// </summary>
    public static long Export(string dbPath, string directory, bool overwrite = false)
    {
        using var hunt = HuntQuery.Open(dbPath);
        string sql = $"""
            COPY (
              SELECT *,
                coalesce(strftime(time, '%Y-%m-%d'), '{UnknownPartition}') AS date,
                coalesce(nullif(event_src_title, ''), '{UnknownPartition}') AS event_src
              FROM {StoreSchema.SnakeView}
            ) TO {SqlText.QuoteLiteral(Path.GetFullPath(directory))}
            (FORMAT PARQUET, PARTITION_BY (date, event_src){(overwrite ? ", OVERWRITE true" : "")})
            """;
        return hunt.CopyStatement(sql);
    }
}
