using System.Text.Json;
using Vigil.Tests.Storage;

namespace Vigil.Tests.CliTests;

public class HuntCommandTests
{
    private static string Store(int events = 6)
    {
        var db = StoreFixture.NewDbPath();
        StoreFixture.Ingest(db, events);
        return db;
    }

    [Fact]
    public void Sql_syntax_error_exits_1_with_duckdbs_message_and_no_stack_trace()
    {
        var r = VigilCli.Run("hunt", "--db", Store(), "SELEC * FROM events");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Parser Error: syntax error at or near \"SELEC\"", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stdout + r.Stderr);
    }

    [Fact]
    public void Missing_database_exits_1_and_says_to_ingest_first()
    {
        var db = Path.Combine(TestPaths.TempDir(), "absent.duckdb");
        var r = VigilCli.Run("hunt", "--db", db, "SELECT 1");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"no event store at {db}; run `vigil ingest` first", r.Stderr);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public void Csv_output_has_a_header_and_quotes_where_needed()
    {
        var r = VigilCli.Run("hunt", "--db", Store(), "--format", "csv",
            "SELECT subject_account_name, dst_port, time, 'a,b' AS odd, NULL AS nothing FROM ev ORDER BY line LIMIT 2");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(
            "subject_account_name,dst_port,time,odd,nothing\r\n" +
            "user0,443,2024-03-01 10:00:00,\"a,b\",\r\n" +
            "user1,444,2024-03-02 10:00:01,\"a,b\",\r\n",
            r.Stdout);
    }

    [Fact]
    public void Json_output_is_one_typed_object_per_line()
    {
        var r = VigilCli.Run("hunt", "--db", Store(), "--format", "json",
            "SELECT subject_account_name AS who, dst_port, time, ['x', 'y'] AS tags FROM ev ORDER BY line LIMIT 3");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("user0", first.RootElement.GetProperty("who").GetString());
        Assert.Equal(443, first.RootElement.GetProperty("dst_port").GetInt64());
        Assert.Equal("2024-03-01T10:00:00Z", first.RootElement.GetProperty("time").GetString());
        Assert.Equal(JsonValueKind.Array, first.RootElement.GetProperty("tags").ValueKind);
    }

    [Fact]
    public void Output_file_gets_the_rows_and_stderr_the_summary()
    {
        var output = Path.Combine(TestPaths.TempDir(), "out.csv");
        var r = VigilCli.Run("hunt", "--db", Store(6), "--output", output, "SELECT line FROM ev ORDER BY line");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Contains("wrote 6 row(s)", r.Stderr);
        Assert.Equal(7, File.ReadAllLines(output).Length);
    }

    [Fact]
    public void Sql_can_come_from_a_file_with_several_statements()
    {
        var sqlFile = Path.Combine(TestPaths.TempDir(), "hunt.sql");
        File.WriteAllText(sqlFile, "CREATE TEMP VIEW u AS SELECT DISTINCT subject_account_name AS a FROM ev;\nSELECT count(*) AS accounts FROM u;\n");
        var r = VigilCli.Run("hunt", "--db", Store(10), "--format", "csv", "-f", sqlFile);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("accounts\r\n5\r\n", r.Stdout);
    }

    [Fact]
    public void Parquet_format_writes_a_file_readable_by_duckdb()
    {
        var db = Store(6);
        var output = Path.Combine(TestPaths.TempDir(), "hunt.parquet");
        var r = VigilCli.Run("hunt", "--db", db, "--format", "parquet", "--output", output, "SELECT * FROM ev WHERE dst_port > 444");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(4L, StoreFixture.Scalar(db, $"SELECT count(*) FROM read_parquet('{output}')"));
    }

    [Fact]
    public void Parquet_without_output_is_a_usage_error()
    {
        var r = VigilCli.Run("hunt", "--db", Store(1), "--format", "parquet", "SELECT 1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--output", r.Stderr);
    }

    [Fact]
    public void Table_format_shows_rows_count_and_time()
    {
        var r = VigilCli.Run("hunt", "--db", Store(4), "--format", "table", "SELECT subject_account_name, dst_port FROM ev ORDER BY line");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("subject_account_name", r.Stdout);
        Assert.Contains("user3", r.Stdout);
        Assert.Matches(@"4 row\(s\) in \d+ ms", r.Stdout);
    }
}
