using Vigil.Tests.Storage;

namespace Vigil.Tests.CliTests;

public class ExportCommandTests
{
    [Fact]
    public void Export_writes_hive_partitions_that_read_back_with_the_same_count()
    {
        var db = StoreFixture.NewDbPath();
        StoreFixture.Ingest(db, 12);
        var dir = Path.Combine(TestPaths.TempDir(), "lake");
        var r = VigilCli.Run("export", "--db", db, "--parquet", dir);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("exported 12 event(s)", r.Stdout);
        Assert.True(Directory.Exists(Path.Combine(dir, "date=2024-03-01", "event_src=windows")));
        Assert.Equal(12L, StoreFixture.Scalar(db, $"SELECT count(*) FROM read_parquet('{dir}/**/*.parquet', hive_partitioning = true)"));
    }

    [Fact]
    public void Export_of_a_missing_store_exits_1()
    {
        var r = VigilCli.Run("export", "--db", Path.Combine(TestPaths.TempDir(), "x.duckdb"), "--parquet", TestPaths.TempDir());
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("run `vigil ingest` first", r.Stderr);
    }
}
