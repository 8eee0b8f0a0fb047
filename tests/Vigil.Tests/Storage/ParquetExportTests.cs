using Vigil.Storage;

namespace Vigil.Tests.Storage;

public class ParquetExportTests
{
    [Fact]
    public void Export_partitions_by_date_and_source_and_reads_back_with_duckdb()
    {
        var db = StoreFixture.NewDbPath();
        StoreFixture.Ingest(db, 40, source: "a.json", title: "windows");
        StoreFixture.Ingest(db, 10, source: "b.json", title: "linux auditd");
        using (var store = EventStore.Open(db))
        using (var w = store.CreateWriter())
            w.AddUnmatched("junk", "c.json", 1);

        var dir = Path.Combine(TestPaths.TempDir(), "parquet");
        Assert.Equal(51, ParquetExport.Export(db, dir));

        // Hive folders: the events fall on two days (StoreFixture alternates the day), three sources.
        var folders = Directory.GetDirectories(dir, "event_src=*", SearchOption.AllDirectories)
            .Select(d => Path.GetRelativePath(dir, d).Replace('\\', '/')).Order().ToList();
        Assert.Contains("date=2024-03-01/event_src=windows", folders);
        Assert.Contains("date=2024-03-02/event_src=windows", folders);
        Assert.Contains("date=unknown/event_src=unknown", folders);
        Assert.Contains(folders, f => f.StartsWith("date=2024-03-01/event_src=linux", StringComparison.Ordinal));

        using var q = HuntQuery.Open(db); // any DuckDB connection can read the files
        var glob = SqlText.QuoteLiteral(Path.Combine(dir, "**", "*.parquet"));
        var r = q.Run($"""
            SELECT event_src, count(*) AS n, count(DISTINCT date) AS days, max(subject_account_name) AS acct
            FROM read_parquet({glob}, hive_partitioning = true) GROUP BY ALL ORDER BY 1
            """);
        Assert.Equal(["linux auditd", 10L, 2L, "user4"], r.Rows[0]);
        Assert.Equal(["unknown", 1L, 1L, null], r.Rows[1]);
        Assert.Equal(["windows", 40L, 2L, "user4"], r.Rows[2]);
    }

    [Fact]
    public void Export_refuses_a_folder_with_files_unless_overwriting()
    {
        var db = StoreFixture.NewDbPath();
        StoreFixture.Ingest(db, 5);
        var dir = Path.Combine(TestPaths.TempDir(), "parquet");
        ParquetExport.Export(db, dir);
        var ex = Assert.Throws<EventStoreException>(() => ParquetExport.Export(db, dir));
        Assert.Contains("OVERWRITE", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(5, ParquetExport.Export(db, dir, overwrite: true));
    }
}
