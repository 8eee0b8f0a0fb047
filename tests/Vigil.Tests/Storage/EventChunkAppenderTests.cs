using Vigil.Events;
using Vigil.Storage;

namespace Vigil.Tests.Storage;

/// <summary>
/// The store writer fills DuckDB's data chunks itself (inline and pointed-to texts, validity bits, list offsets):
/// every value must come back exactly, across chunk boundaries, whatever its length and characters.
/// </summary>
public class EventChunkAppenderTests
{
    // Lengths around the 12 bytes a text can be inlined in, in ASCII and in multi-byte UTF-8.
    private static string Text(int i) => (i % 7) switch
    {
        0 => "",
        1 => new string('a', 12),
        2 => new string('b', 13),
        3 => "éééééé",            // 6 chars, 12 bytes: inline
        4 => "ééééééé",           // 7 chars, 14 bytes: too long to inline although short in chars
        5 => "日本語のテキスト" + i, // 3-byte characters
        _ => new string('x', 100 + i % 5000),
    };

    private static NormalizedEvent Event(int i)
    {
        var e = new NormalizedEvent(Taxonomy.Default);
        e.Set("time", Value.DateTime(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(i * 12_345_670L)));
        e.Set("subject.account.name", Value.String(Text(i)));
        if (i % 3 == 0) e.Set("dst.port", Value.Number(i));
        if (i % 4 == 0) e.Set("historical", i % 8 == 0 ? Value.True : Value.False);
        // Lists of varying length (none, empty, several) so that offsets into the child vector move around.
        if (i % 5 != 0) e.Set("assets", Value.List(Enumerable.Range(0, i % 5 - 1).Select(k => Value.String(Text(i + k))).ToList()));
        return e;
    }

    private static string Raw(int i) => i % 11 == 0 ? "" : "{\"n\":" + i + ",\"t\":\"" + Text(i) + "\"}";

    [Fact]
    public void Values_of_every_kind_and_length_round_trip_across_chunk_boundaries()
    {
        const int n = 5_000; // two full chunks of 2,048 rows and part of a third
        var db = StoreFixture.NewDbPath();
        using (var store = EventStore.Open(db))
        using (var w = store.CreateWriter(new EventStoreWriterOptions { BatchSize = 1_700 }))
        {
            for (int i = 0; i < n; i++)
            {
                if (i % 13 == 0) Assert.True(w.AddUnmatched(Raw(i), "s.json", i + 1, "no formula"));
                else Assert.True(w.Add(Event(i), i % 2 == 0 ? "f" : new string('f', 40), Raw(i), "s.json", i + 1));
            }
        }

        using var q = HuntQuery.Open(db);
        var rows = q.Run("""
            SELECT line, raw, ingest_status, formula, ingest_reason, time, "subject.account.name", "dst.port", historical, assets
            FROM events ORDER BY line
            """).Rows;
        Assert.Equal(n, rows.Count);
        for (int i = 0; i < n; i++)
        {
            var row = rows[i];
            Assert.Equal((long)(i + 1), row[0]);
            Assert.Equal(Raw(i), row[1]);
            if (i % 13 == 0)
            {
                Assert.Equal(["unmatched", null, "no formula", null, null, null, null, null], row[2..]);
                continue;
            }
            var e = Event(i);
            Assert.Equal("normalized", row[2]);
            Assert.Equal(i % 2 == 0 ? "f" : new string('f', 40), row[3]);
            Assert.Null(row[4]);
            // TIMESTAMP keeps microseconds: the ticks below them are cut.
            Assert.Equal(new DateTime(e[Taxonomy.Default.Require("time")].AsTicks / 10 * 10), (DateTime)row[5]!);
            Assert.Equal(Text(i), row[6]);
            Assert.Equal(i % 3 == 0 ? (long?)i : null, row[7]);
            Assert.Equal(i % 4 == 0 ? i % 8 == 0 : null, row[8]);
            if (i % 5 == 0) Assert.Null(row[9]);
            else Assert.Equal(Enumerable.Range(0, i % 5 - 1).Select(k => Text(i + k)), Assert.IsAssignableFrom<IEnumerable<string>>(row[9]));
        }
    }

    [Fact]
    public void Values_of_the_wrong_kind_are_coerced_to_the_column_or_stored_as_null()
    {
        var db = StoreFixture.NewDbPath();
        var e = new NormalizedEvent(Taxonomy.Default);
        var tax = Taxonomy.Default;
        e.SetRaw(tax.Require("dst.port"), Value.String("8080"));
        e.SetRaw(tax.Require("src.port"), Value.String("not a number"));
        e.SetRaw(tax.Require("subject.account.name"), Value.Number(42));
        e.SetRaw(tax.Require("time"), Value.String("2024-02-03T04:05:06.789Z"));
        using (var store = EventStore.Open(db))
        using (var w = store.CreateWriter())
            w.Add(e, "f", "raw", "s.json", 1);

        using var q = HuntQuery.Open(db);
        var row = Assert.Single(q.Run("""SELECT "dst.port", "src.port", "subject.account.name", time FROM events""").Rows);
        Assert.Equal(8080L, row[0]);
        Assert.Null(row[1]);
        Assert.Equal("42", row[2]);
        Assert.Equal(new DateTime(2024, 2, 3, 4, 5, 6, 789), (DateTime)row[3]!);
    }

    [Fact]
    public void A_batch_failing_in_the_middle_of_a_chunk_leaves_nothing_and_the_next_batch_is_whole()
    {
        var db = StoreFixture.NewDbPath();
        using (var store = EventStore.Open(db))
        using (var w = store.CreateWriter(new EventStoreWriterOptions { BatchSize = 3_000 }))
        {
            // Columns first: a field's first use would otherwise commit the rows before it.
            w.EnsureColumns(new[] { "time", "subject.account.name", "dst.port", "historical", "assets" }.Select(Taxonomy.Default.Require));
            w.BeforeCommit = pending => throw new IOException($"disk full at {pending} rows");
            // 3,000 rows: one full chunk appended, the rest still in the chunk being filled when the batch fails.
            for (int i = 0; i < 2_999; i++) w.Add(Event(i), "f", Raw(i), "a.json", i + 1);
            Assert.Throws<EventStoreException>(() => w.Add(Event(2_999), "f", Raw(2_999), "a.json", 3_000));
            w.BeforeCommit = null;
            for (int i = 0; i < 10; i++) w.Add(Event(i), "f", Raw(i), "b.json", i + 1);
        }

        using var q = HuntQuery.Open(db);
        var rows = q.Run("SELECT source, count(*), min(line), max(line) FROM events GROUP BY source").Rows;
        var row = Assert.Single(rows);
        Assert.Equal(["b.json", 10L, 1L, 10L], row);
    }
}
