using Vigil.KnowledgeBase;
using Vigil.Pipeline;
using Vigil.Storage;

namespace Vigil.Tests.Storage;

/// <summary>The ingest path with its writer thread: the same rows, in the same order, as on one thread; re-ingesting adds nothing.</summary>
public class StoreIngestionTests
{
    private static readonly Lazy<CompiledKnowledgeBase> Kb = new(() =>
        CompiledKnowledgeBase.Compile(KnowledgeBaseLoader.Load([Path.Combine(TestPaths.RepoRoot, "content")])));

    // Two files of JSON lines: events no formula knows, broken lines, blanks and a non-UTF-8 byte.
    private static string Inputs()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "in");
        Directory.CreateDirectory(dir);
        for (int f = 0; f < 2; f++)
        {
            var lines = new List<string>();
            for (int i = 0; i < 1500; i++)
                lines.Add(i % 97 == 0 ? "{\"broken\": " : i % 101 == 0 ? "" : $"{{\"EventID\": {i % 7}, \"n\": {i}, \"file\": {f}}}");
            File.WriteAllLines(Path.Combine(dir, $"f{f}.json"), lines);
        }
        File.AppendAllText(Path.Combine(dir, "f1.json"), "{\"bad\": \"\u00ff\"}\n");
        var bytes = File.ReadAllBytes(Path.Combine(dir, "f1.json")).ToList();
        bytes.AddRange("{\"latin1\": \""u8.ToArray());
        bytes.Add(0xE9);
        bytes.AddRange("\"}\n"u8.ToArray());
        File.WriteAllBytes(Path.Combine(dir, "f1.json"), bytes.ToArray());
        return dir;
    }

    private static (long Input, List<object?[]> Rows) Ingest(string db, string dir, bool threaded, int batch)
    {
        long input;
        using (var store = EventStore.Open(db, Kb.Value.Taxonomy))
        using (var ingestion = new StoreIngestion(Kb.Value, store, new EventStoreWriterOptions { BatchSize = batch }, threaded: threaded))
        {
            ingestion.Run(StoreIngestion.Expand([dir]));
            input = ingestion.Pipeline.Stats.Input;
        }
        using var q = HuntQuery.Open(db);
        var rows = q.Run("SELECT source, line, event_key, ingest_status, raw FROM events_data ORDER BY rowid").Rows.ToList();
        rows.AddRange(q.Run("SELECT source, line, event_key, 'rejected', reason FROM rejects ORDER BY rowid").Rows);
        return (input, rows);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1_000_000)]
    public void Threaded_writer_stores_the_same_rows_in_the_same_order_as_one_thread(int batch)
    {
        var dir = Inputs();
        var (input1, single) = Ingest(StoreFixture.NewDbPath(), dir, threaded: false, batch);
        var (input2, threaded) = Ingest(StoreFixture.NewDbPath(), dir, threaded: true, batch);
        Assert.Equal(input1, input2);
        Assert.Equal(input1, single.Count); // every non-blank line is a row: events + rejects
        Assert.Equal(single.Count, threaded.Count);
        for (int i = 0; i < single.Count; i++) Assert.Equal(single[i], threaded[i]);
        // Per source, lines arrive in order.
        foreach (var g in threaded.Where(r => (string)r[3]! != "rejected").GroupBy(r => (string)r[0]!))
            Assert.Equal(g.Select(r => Convert.ToInt64(r[1])).Order(), g.Select(r => Convert.ToInt64(r[1])));
    }

    [Fact]
    public void Reingesting_adds_nothing_and_sources_count_their_rows()
    {
        var dir = Inputs();
        var db = StoreFixture.NewDbPath();
        var (input, rows) = Ingest(db, dir, threaded: true, 500);
        var (_, again) = Ingest(db, dir, threaded: true, 500);
        Assert.Equal(rows.Count, again.Count);
        Assert.Equal(input, Convert.ToInt64(StoreFixture.Scalar(db, "SELECT sum(events + rejects)::BIGINT FROM sources")));
        Assert.Equal(0L, Convert.ToInt64(StoreFixture.Scalar(db, "SELECT count(*) - count(DISTINCT event_key) FROM events_data")));
    }

    [Fact]
    public void Raw_bytes_are_stored_as_read_and_invalid_utf8_as_a_string_would_decode_it()
    {
        var dir = Inputs();
        var db = StoreFixture.NewDbPath();
        Ingest(db, dir, threaded: true, 1000);
        Assert.Equal(1L, Convert.ToInt64(StoreFixture.Scalar(db, "SELECT count(*) FROM events_data WHERE raw = '{\"bad\": \"\u00ff\"}'")));
        // The line with a stray Latin-1 byte is kept too: as an event with U+FFFD, or as a reject with its reason.
        Assert.Equal(1L, Convert.ToInt64(StoreFixture.Scalar(db,
            "SELECT (SELECT count(*) FROM events_data WHERE raw LIKE '%latin1%\uFFFD%') + (SELECT count(*) FROM rejects WHERE source LIKE '%f1.json' AND line = 1502)")));
    }
}
