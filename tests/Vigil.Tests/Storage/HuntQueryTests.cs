using Vigil.Storage;

namespace Vigil.Tests.Storage;

public class HuntQueryTests
{
    [Fact]
    public void Missing_database_says_to_ingest_first()
    {
        var db = Path.Combine(TestPaths.TempDir(), "none.duckdb");
        var ex = Assert.Throws<EventStoreException>(() => HuntQuery.Open(db));
        Assert.Equal($"no event store at {db}; run `vigil ingest` first", ex.Message);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public void Sql_errors_carry_duckdbs_message()
    {
        var db = StoreFixture.NewDbPath();
        StoreFixture.Ingest(db, 1);
        using var q = HuntQuery.Open(db);
        var ex = Assert.Throws<EventStoreException>(() => q.Run("SELEC * FROM events"));
        Assert.StartsWith("Parser Error: syntax error at or near \"SELEC\"", ex.Message);
    }

    [Fact]
    public void Hunts_are_read_only()
    {
        var db = StoreFixture.NewDbPath();
        StoreFixture.Ingest(db, 2);
        using var q = HuntQuery.Open(db);
        var ex = Assert.Throws<EventStoreException>(() => q.Run("DELETE FROM events_data"));
        Assert.Contains("read-only", ex.Message);
        Assert.Equal(2L, q.Run("SELECT count(*) FROM events").Rows[0][0]);
    }

    [Fact]
    public void A_script_runs_every_statement_and_returns_the_last_result()
    {
        var db = StoreFixture.NewDbPath();
        StoreFixture.Ingest(db, 10);
        using var q = HuntQuery.Open(db);
        var r = q.Run("""
            -- hunt: which accounts ran powershell; a ';' in a comment does not split
            CREATE TEMP VIEW ps AS SELECT * FROM ev WHERE object_process_name = 'powershell.exe';
            SELECT subject_account_name, count(*) AS n FROM ps WHERE msgid <> ';' GROUP BY ALL ORDER BY 1;
            """);
        Assert.Equal(["subject_account_name", "n"], r.Columns.Select(c => c.Name));
        Assert.Equal(5, r.Rows.Count);
        Assert.Equal(["user0", 2L], r.Rows[0]);
    }

    [Fact]
    public void Buffered_results_stop_at_max_rows_but_count_all()
    {
        var db = StoreFixture.NewDbPath();
        StoreFixture.Ingest(db, 30);
        using var q = HuntQuery.Open(db);
        var r = q.Run("SELECT * FROM ev", maxRows: 5);
        Assert.Equal(5, r.Rows.Count);
        Assert.Equal(30, r.TotalRows);
        Assert.True(r.Truncated);
    }

    [Theory]
    [InlineData("SELECT 1; SELECT 2", new[] { "SELECT 1", "SELECT 2" })]
    [InlineData("SELECT 'a;b' ; ", new[] { "SELECT 'a;b'" })]
    [InlineData("SELECT \"x;y\" FROM t -- c;\n", new[] { "SELECT \"x;y\" FROM t -- c;" })]
    [InlineData("/* ; */ SELECT $$;$$; -- only a comment;", new[] { "/* ; */ SELECT $$;$$" })]
    [InlineData("SELECT E'it\\'s;'; SELECT 'it''s;'", new[] { "SELECT E'it\\'s;'", "SELECT 'it''s;'" })]
    [InlineData("  ;; -- nothing\n", new string[0])]
    public void Scripts_split_at_top_level_semicolons(string sql, string[] expected) =>
        Assert.Equal(expected, SqlScript.Split(sql));
}
