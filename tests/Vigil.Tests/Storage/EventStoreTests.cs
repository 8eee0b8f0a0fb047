using System.Net;
using Vigil.Events;
using Vigil.Storage;

namespace Vigil.Tests.Storage;

public class EventStoreTests
{
    [Fact]
    public void Typed_columns_round_trip_number_datetime_ip_mac_bool_and_list()
    {
        var db = StoreFixture.NewDbPath();
        var e = new NormalizedEvent(Taxonomy.Default);
        e.Set("time", Value.DateTime(new DateTime(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc)));
        e.Set("dst.port", Value.Number(8443));
        e.Set("src.ip", Value.Ip(IPAddress.Parse("2001:db8::1")));
        e.Set("dst.mac", Value.String("00-1a-2b-3c-4d-5e"));
        e.Set("historical", Value.True);
        e.Set("assets", Value.List([Value.String("a"), Value.String("b c")]));
        e.Set("subject.account.name", Value.String("alice"));
        using (var store = EventStore.Open(db))
        using (var w = store.CreateWriter())
            Assert.True(w.Add(e, "f1", "raw text", "src.json", 7));

        using var q = HuntQuery.Open(db);
        var r = q.Run("""
            SELECT time, "dst.port", "src.ip", "dst.mac", historical, assets, "subject.account.name",
                   raw, source, line, ingest_status, formula, typeof(time), typeof("dst.port"), typeof(assets), typeof(historical)
            FROM events
            """);
        var row = Assert.Single(r.Rows);
        Assert.Equal(new DateTime(2024, 5, 6, 7, 8, 9, 123), (DateTime)row[0]!);
        Assert.Equal(8443L, row[1]);
        Assert.Equal("2001:db8::1", row[2]);
        Assert.Equal("00:1A:2B:3C:4D:5E", row[3]);
        Assert.Equal(true, row[4]);
        Assert.Equal(new[] { "a", "b c" }, Assert.IsAssignableFrom<IEnumerable<string>>(row[5]));
        Assert.Equal("alice", row[6]);
        Assert.Equal(["raw text", "src.json", 7L, "normalized", "f1"], row[7..12]);
        Assert.Equal(["TIMESTAMP", "BIGINT", "VARCHAR[]", "BOOLEAN"], row[12..]);
    }

    [Fact]
    public void Every_taxonomy_field_is_a_typed_column_even_before_any_event_sets_it()
    {
        var db = StoreFixture.NewDbPath();
        using (EventStore.Open(db)) { }
        using var q = HuntQuery.Open(db);
        var r = q.Run("SELECT column_name, column_type FROM (DESCRIBE events)");
        var types = r.Rows.ToDictionary(x => (string)x[0]!, x => (string)x[1]!);
        Assert.Equal(Taxonomy.Default.Count + StoreSchema.StoreColumns.Length, types.Count);
        Assert.Equal("TIMESTAMP", types["time"]);
        Assert.Equal("BIGINT", types["dst.port"]);
        Assert.Equal("VARCHAR[]", types["assets"]);
        Assert.Equal("BOOLEAN", types["historical"]);
        Assert.Equal("VARCHAR", types["subject.account.name"]);
        // A never-set field can be selected and filtered on: NULL, of its type.
        Assert.Equal(0L, q.Run("SELECT count(*) FROM events WHERE \"dst.geo.asn\" > 5").Rows[0][0]);
    }

    [Fact]
    public void Snake_case_view_exposes_every_column_without_quoting()
    {
        var db = StoreFixture.NewDbPath();
        StoreFixture.Ingest(db, 10);
        using var q = HuntQuery.Open(db);
        var r = q.Run("SELECT subject_account_name, object_process_name, event_src_title, dst_port, time FROM ev WHERE subject_account_name = 'user1' ORDER BY line");
        Assert.Equal(2, r.Rows.Count);
        Assert.Equal(["user1", "powershell.exe", "windows", 444L], r.Rows[0][..4]);
        var columns = q.Run("SELECT count(*) FROM (DESCRIBE ev)").Rows[0][0];
        Assert.Equal((long)(Taxonomy.Default.Count + StoreSchema.StoreColumns.Length), columns);
    }

    [Fact]
    public void Unmatched_lines_and_rejects_are_kept()
    {
        var db = StoreFixture.NewDbPath();
        using (var store = EventStore.Open(db))
        using (var w = store.CreateWriter())
        {
            w.Add(StoreFixture.Event(0), "f", StoreFixture.Raw(0), "s", 1);
            w.AddUnmatched("<13>Mar 1 some syslog line", "s", 2, "no formula matched");
            w.AddRejected("s", 3, "invalid JSON", "{\"broken");
            Assert.Equal(new EventStoreStats(1, 1, 1, 0, 0, 3), w.Stats);
        }
        Assert.Equal("unmatched", StoreFixture.Scalar(db, "SELECT ingest_status FROM events WHERE line = 2"));
        Assert.Equal("no formula matched", StoreFixture.Scalar(db, "SELECT ingest_reason FROM events WHERE line = 2"));
        Assert.Equal("<13>Mar 1 some syslog line", StoreFixture.Scalar(db, "SELECT raw FROM ev WHERE ingest_status = 'unmatched'"));
        Assert.Equal("invalid JSON", StoreFixture.Scalar(db, "SELECT reason FROM rejects WHERE line = 3"));
    }

    [Fact]
    public void Re_ingesting_the_same_source_adds_no_duplicates_and_reports_it_complete()
    {
        var db = StoreFixture.NewDbPath();
        StoreFixture.Ingest(db, 250, batchSize: 100);
        using (var store = EventStore.Open(db))
        using (var w = store.CreateWriter())
        {
            Assert.Equal(SourceStatus.Complete, w.GetSourceStatus("logs.zip!security.json"));
            Assert.Equal(SourceStatus.New, w.GetSourceStatus("other.json"));
            // Even when a pipeline reads it again anyway, every line is recognised by its key.
            for (int i = 0; i < 250; i++) Assert.False(w.Add(StoreFixture.Event(i), "windows_4688", StoreFixture.Raw(i), "logs.zip!security.json", i + 1));
            Assert.Equal(250, w.Stats.Duplicates);
        }
        Assert.Equal(250L, StoreFixture.Scalar(db, "SELECT count(*) FROM events"));
        Assert.Equal(250L, StoreFixture.Scalar(db, "SELECT count(DISTINCT event_key) FROM events"));
        Assert.Equal(250L, StoreFixture.Scalar(db, "SELECT events FROM sources"));
    }

    [Fact]
    public void An_interrupted_source_is_partial_and_a_rerun_adds_only_the_missing_lines()
    {
        var db = StoreFixture.NewDbPath();
        using (var store = EventStore.Open(db))
        using (var w = store.CreateWriter())
            for (int i = 0; i < 120; i++) w.Add(StoreFixture.Event(i), "f", StoreFixture.Raw(i), "big.json", i + 1); // no CompleteSource: the run died

        using (var store = EventStore.Open(db))
        using (var w = store.CreateWriter())
        {
            Assert.Equal(SourceStatus.Partial, w.GetSourceStatus("big.json"));
            int added = 0;
            for (int i = 0; i < 200; i++) added += w.Add(StoreFixture.Event(i), "f", StoreFixture.Raw(i), "big.json", i + 1) ? 1 : 0;
            w.CompleteSource("big.json", size: 1234, fingerprint: "abc");
            Assert.Equal(80, added);
            Assert.Equal(120, w.Stats.Duplicates);
            Assert.Equal(SourceStatus.Complete, w.GetSourceStatus("big.json", 1234, "abc"));
            Assert.Equal(SourceStatus.Changed, w.GetSourceStatus("big.json", 9999, "abc"));
        }
        Assert.Equal(200L, StoreFixture.Scalar(db, "SELECT count(*) FROM events"));
    }

    [Fact]
    public void Event_key_depends_on_source_line_and_raw_only_and_is_stable()
    {
        long k = EventKey.Compute("a.zip!b.json", 3, "{}");
        Assert.Equal(k, EventKey.Compute("a.zip!b.json", 3, "{}"));
        Assert.NotEqual(k, EventKey.Compute("a.zip!b.json", 4, "{}"));
        Assert.NotEqual(k, EventKey.Compute("a.zip!c.json", 3, "{}"));
        Assert.NotEqual(k, EventKey.Compute("a.zip!b.json", 3, "{ }"));
        // Pinned: a change here would make every existing store re-ingest everything as new.
        Assert.Equal(k, BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(
            [.. "a.zip!b.json"u8, 0, .. BitConverter.GetBytes(3L), .. "{}"u8])));
    }

    [Fact]
    public void A_failing_batch_is_rolled_back_whole_and_earlier_batches_stay()
    {
        var db = StoreFixture.NewDbPath();
        using (var store = EventStore.Open(db))
        {
            var w = store.CreateWriter(new EventStoreWriterOptions { BatchSize = 100 });
            int commits = 0;
            w.BeforeCommit = _ => { if (++commits == 3) throw new IOException("disk full (simulated)"); };
            var ex = Assert.Throws<EventStoreException>(() =>
            {
                for (int i = 0; i < 1000; i++) w.Add(StoreFixture.Event(i), "f", StoreFixture.Raw(i), "s.json", i + 1);
            });
            Assert.Contains("rolled back", ex.Message);
            Assert.Contains("disk full (simulated)", ex.Message);
            Assert.Equal(0, w.Stats.PendingRows);
            Assert.Equal(200, w.Stats.Normalized); // the rolled-back 100 are not counted
            Assert.Equal(2, w.Stats.Batches);
            // The store is usable after the failure: the next batch commits.
            w.BeforeCommit = null;
            w.Add(StoreFixture.Event(5000), "f", StoreFixture.Raw(5000), "t.json", 1);
            w.Dispose();
        }
        Assert.Equal(201L, StoreFixture.Scalar(db, "SELECT count(*) FROM events"));
        Assert.Equal(200L, StoreFixture.Scalar(db, "SELECT max(line) FROM events WHERE source = 's.json'"));
    }

    [Fact]
    public void A_failed_batch_larger_than_the_appender_hand_over_leaves_no_row_of_it()
    {
        // 50,000 rows in one batch: the appender hands rows to the table twice before the commit fails, and those
        // rows, already in the open transaction, must go with the rollback.
        var db = StoreFixture.NewDbPath();
        using (var store = EventStore.Open(db))
        {
            var w = store.CreateWriter(new EventStoreWriterOptions { BatchSize = 50_000 });
            w.BeforeCommit = n => throw new IOException($"commit of {n} rows refused (simulated)");
            Assert.Throws<EventStoreException>(() =>
            {
                for (int i = 0; i < 50_000; i++) w.Add(StoreFixture.Event(i), "f", StoreFixture.Raw(i), "big.json", i + 1);
            });
            Assert.Equal(0, w.Stats.Normalized);
            w.BeforeCommit = null;
            for (int i = 0; i < 30_000; i++) w.Add(StoreFixture.Event(i), "f", StoreFixture.Raw(i), "next.json", i + 1);
            w.Dispose();
        }
        Assert.Equal(0L, StoreFixture.Scalar(db, "SELECT count(*) FROM events WHERE source = 'big.json'"));
        Assert.Equal(30_000L, StoreFixture.Scalar(db, "SELECT count(*) FROM events WHERE source = 'next.json'"));
    }

    [Fact]
    public void Columns_are_added_as_fields_are_first_used_and_survive_reopening()
    {
        var db = StoreFixture.NewDbPath();
        StoreFixture.Ingest(db, 3);
        using (var store = EventStore.Open(db))
        using (var w = store.CreateWriter())
        {
            var e = StoreFixture.Event(9);
            e.Set("object.account.name", Value.String("bob"));
            w.Add(e, "f", "x", "second.json", 1);
        }
        using (var store = EventStore.Open(db))
            Assert.Contains(store.StoredFields, f => f.Name == "object.account.name");
        Assert.Equal("bob", StoreFixture.Scalar(db, "SELECT object_account_name FROM ev WHERE source = 'second.json'"));
        Assert.Equal(3L, StoreFixture.Scalar(db, "SELECT count(*) FROM ev WHERE object_account_name IS NULL"));
    }

    [Fact]
    public void A_store_of_another_schema_version_is_refused_with_a_clear_message()
    {
        var db = StoreFixture.NewDbPath();
        using (var store = EventStore.Open(db)) store.Execute("UPDATE vigil_schema SET version = 99");
        var ex = Assert.Throws<EventStoreException>(() => EventStore.Open(db));
        Assert.Contains("schema version 99", ex.Message);
        Assert.Contains($"version {StoreSchema.Version}", ex.Message);
    }

    [Fact]
    public void Creating_a_store_where_the_folder_cannot_be_written_gives_a_clear_message()
    {
        var dir = TestPaths.TempDir();
        var notADir = Path.Combine(dir, "file");
        File.WriteAllText(notADir, "");
        var ex = Assert.Throws<EventStoreException>(() => EventStore.Open(Path.Combine(notADir, "events.duckdb")));
        Assert.Contains("cannot create an event store", ex.Message);
        Assert.Contains("not writable", ex.Message);
    }

    [Fact]
    public void Snake_case_names_are_unique_and_never_collide_with_store_columns()
    {
        var schema = new StoreSchema(Taxonomy.Default);
        Assert.Equal(schema.Columns.Count, schema.Columns.Select(c => c.SnakeName).Distinct().Count());
        Assert.Equal("subject_account_name", StoreSchema.ToSnakeCase("subject.account.name"));
    }
}
