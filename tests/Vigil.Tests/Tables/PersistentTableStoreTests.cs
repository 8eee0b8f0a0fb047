using Vigil.Events;
using Vigil.Tables;
using Vigil.Tables.Persistence;
using static Vigil.Tests.Tables.StoreSchemas;

namespace Vigil.Tests.Tables;

public class PersistentTableStoreTests
{
    private static KeyValuePair<string, Value> C(string name, Value v) => KeyValuePair.Create(name, v);
    private static KeyValuePair<string, Value> C(string name, string v) => KeyValuePair.Create(name, Value.String(v));

    private static TableSet Open(string dir, params TableSchema[] schemas) => TableSet.OpenPersistent(schemas, dir);

    private static string[] Users(TableData t, long now) => [.. t.Scan(now).Select(r => r[0].AsString)];

    [Fact]
    public void Rows_and_their_write_order_survive_a_reopen()
    {
        var dir = TestPaths.TempDir();
        var schema = Logons();
        using (var set = Open(dir, schema))
        {
            var t = set.Tables["Logons"];
            Assert.True(t.Upsert([C("user", "alice"), C("count", Value.Number(1)), C("last", Value.DateTime(At(0)))], At(0)).IsOk);
            Assert.True(t.Upsert([C("user", "bob"), C("count", Value.Double(2.5)), C("host", "h1")], At(1)).IsOk);
            Assert.True(t.Upsert([C("user", "carol")], At(2)).IsOk);
            Assert.True(t.Upsert([C("user", "alice"), C("count", Value.Number(3))], At(3)).IsOk); // rewritten: now the newest
        }

        using (var set = Open(dir, schema))
        {
            var t = set.Tables["Logons"];
            Assert.Empty(set.CreatedLists);
            Assert.Equal(["bob", "carol", "alice"], Users(t, At(4)));
            Assert.True(t.TryGet(Value.String("alice"), At(4), out var alice));
            Assert.Equal(3, alice[1].AsNumber);
            Assert.Equal(At(0), alice[3].AsTicks); // kept from the first write
            Assert.Equal(At(3), alice.WrittenTicks);
            Assert.True(t.TryGet(Value.String("bob"), At(4), out var bob));
            Assert.Equal(2.5, bob[1].AsDouble);
            Assert.Equal(["bob"], t.FindBy("host", Value.String("h1"), At(4)).Select(r => r[0].AsString)); // the host index is rebuilt

            // Writes after a reopen are numbered after the stored ones, so the order stays total.
            Assert.True(t.Upsert([C("user", "bob")], At(5)).IsOk);
            Assert.Equal(["carol", "alice", "bob"], Users(t, At(5)));
        }

        using (var set = Open(dir, schema))
            Assert.Equal(["carol", "alice", "bob"], Users(set.Tables["Logons"], At(6)));
    }

    [Fact]
    public void Ttl_counts_from_the_stored_write_time_after_a_reopen()
    {
        var dir = TestPaths.TempDir();
        var schema = Logons("ttl: 60");
        using (var set = Open(dir, schema))
        {
            var t = set.Tables["Logons"];
            t.Upsert([C("user", "old")], At(0));
            t.Upsert([C("user", "new")], At(50));
        }
        using (var set = Open(dir, schema))
        {
            var t = set.Tables["Logons"];
            Assert.Equal(2, t.Count);
            Assert.Equal(["new"], Users(t, At(70))); // "old" is 70 s old: expired, and purged
            Assert.Equal(1, t.Count);
        }
        using (var set = Open(dir, schema))
            Assert.Equal(1, set.Tables["Logons"].Count); // the purge reached the disk
    }

    [Fact]
    public void MaxSize_evicts_the_least_recently_written_row_after_a_reopen()
    {
        var dir = TestPaths.TempDir();
        var schema = Logons("maxSize: 3");
        using (var set = Open(dir, schema))
        {
            var t = set.Tables["Logons"];
            foreach (var (u, s) in new[] { ("a", 0), ("b", 1), ("c", 2) }) t.Upsert([C("user", u)], At(s));
            t.Upsert([C("user", "a")], At(3)); // a is now the newest; b the oldest
        }
        using (var set = Open(dir, schema))
        {
            var r = set.Tables["Logons"].Upsert([C("user", "d")], At(4));
            Assert.Equal(1, r.Evicted);
            Assert.Equal(["c", "a", "d"], Users(set.Tables["Logons"], At(4)));
        }
        using (var set = Open(dir, schema))
            Assert.Equal(["c", "a", "d"], Users(set.Tables["Logons"], At(5)));
    }

    [Fact]
    public void A_write_of_the_wrong_type_is_refused_with_a_reason_and_not_stored()
    {
        var dir = TestPaths.TempDir();
        var schema = Logons();
        using (var set = Open(dir, schema))
        {
            var r = set.Tables["Logons"].Upsert([C("user", "bob"), C("count", "many")], At(0));
            Assert.False(r.IsOk);
            Assert.Equal("column 'count': expected a number, got text \"many\"", r.Error);

            // The same through the rule-side interface: refused, counted, explained.
            string? error = set.Write("Logons", insert: true, [(0, "", Value.String("eve")), (3, "", Value.String("yesterday-ish"))], At(0));
            Assert.NotNull(error);
            Assert.Contains("column 'last'", error);
            Assert.Equal(1, set.RejectedWrites);
        }
        using (var set = Open(dir, schema))
            Assert.Equal(0, set.Tables["Logons"].Count);
    }

    [Fact]
    public void Composite_keys_are_found_again_after_a_reopen()
    {
        var dir = TestPaths.TempDir();
        var schema = Sessions();
        using (var set = Open(dir, schema))
        {
            var t = set.Tables["Sessions"];
            t.Upsert([C("ip", "10.0.0.1"), C("host", "a"), C("hits", Value.Number(1))], At(0));
            t.Upsert([C("ip", "10.0.0.1"), C("host", "b"), C("hits", Value.Number(2))], At(1));
            t.Upsert([C("ip", "10.0.0.2"), C("host", "a"), C("hits", Value.Number(3))], At(2));
        }
        using (var set = Open(dir, schema))
        {
            var t = set.Tables["Sessions"];
            Assert.Equal(3, t.Count);
            Assert.True(t.TryGet([Value.String("10.0.0.1"), Value.String("b")], At(3), out var row));
            Assert.Equal(2, row[2].AsNumber);
            // An update by composite key replaces its row, on disk too.
            Assert.Equal(TableWriteStatus.Updated, t.Upsert([C("ip", "10.0.0.1"), C("host", "b"), C("hits", Value.Number(9))], At(3)).Status);
            Assert.True(t.Remove([Value.String("10.0.0.2"), Value.String("a")]));
        }
        using (var set = Open(dir, schema))
        {
            var t = set.Tables["Sessions"];
            Assert.Equal(2, t.Count);
            Assert.True(t.TryGet([Value.String("10.0.0.1"), Value.String("b")], At(4), out var row));
            Assert.Equal(9, row[2].AsNumber);
            Assert.Equal(["a", "b"], t.FindBy("ip", Value.String("10.0.0.1"), At(4)).Select(r => r[1].AsString));
        }
    }

    [Fact]
    public void Regex_columns_are_compiled_again_on_load()
    {
        var dir = TestPaths.TempDir();
        var schema = Extensions();
        using (var set = Open(dir, schema))
            Assert.True(set.Tables["Script_Extensions"].Upsert([C("extension", @"\.hta$")], At(0)).IsOk);
        using (var set = Open(dir, schema))
        {
            var t = set.Tables["Script_Extensions"];
            var matching = t.Scan(At(1)).Where(r => r.IsMatch(0, @"C:\temp\run.hta")).ToList();
            Assert.Single(matching);
            Assert.Equal(@"\.hta$", matching[0][0].AsString); // the pattern text, as select_query_first returns it
            Assert.True(t.Scan(At(1)).Single(r => r[0].AsString == @"\.ps1$").IsMatch(0, "x.ps1"));
        }
    }

    [Fact]
    public void Defaults_are_loaded_when_a_list_is_first_stored_and_never_again()
    {
        var dir = TestPaths.TempDir();
        var schema = Extensions();
        using (var set = Open(dir, schema))
        {
            Assert.Equal(["Script_Extensions"], set.CreatedLists);
            var t = set.Tables["Script_Extensions"];
            Assert.Equal([@"\.ps1$", @"\.vbs$", @"\.js$"], t.Scan(0).Select(r => r[0].AsString)); // PT, then LOC
            Assert.True(t.Remove([Value.String(@"\.vbs$")]));   // a user deletes a default row
            t.Upsert([C("extension", @"\.ps1$"), C("note", "edited")], At(0)); // and edits another
        }
        using (var set = Open(dir, schema))
        {
            Assert.Empty(set.CreatedLists);
            var t = set.Tables["Script_Extensions"];
            Assert.Equal([@"\.js$", @"\.ps1$"], t.Scan(At(1)).Select(r => r[0].AsString));
            Assert.Equal("edited", t.Scan(At(1)).Last()[1].AsString);
        }
    }

    [Fact]
    public void A_cleared_list_stays_empty_and_a_dropped_one_gets_its_defaults_again()
    {
        var dir = TestPaths.TempDir();
        var schema = Extensions();
        using (var set = Open(dir, schema)) set.Tables["Script_Extensions"].Clear();
        using (var set = Open(dir, schema)) Assert.Equal(0, set.Tables["Script_Extensions"].Count);

        using (var file = TableStoreFile.Open(dir)) Assert.True(file.DropList("Script_Extensions"));
        using (var set = Open(dir, schema))
        {
            Assert.Equal(["Script_Extensions"], set.CreatedLists);
            Assert.Equal(3, set.Tables["Script_Extensions"].Count);
        }
    }

    [Fact]
    public void An_uncommitted_batch_is_lost_whole_and_the_store_stays_readable()
    {
        var dir = TestPaths.TempDir();
        var schema = Logons();
        var set = TableSet.OpenPersistent([schema], dir, new TableStoreOptions { BatchSize = 3, MaxBatchAge = TimeSpan.FromHours(1) });
        var t = set.Tables["Logons"];
        foreach (var u in new[] { "a", "b", "c", "d", "e" }) t.Upsert([C("user", u)], At(0));
        Assert.Equal(2, set.StoreFile!.PendingWrites); // a, b, c committed as one batch; d, e pending
        set.StoreFile.Abandon(); // as a crash would leave it: the open transaction is never committed

        using var reopened = Open(dir, schema);
        Assert.Equal(["a", "b", "c"], Users(reopened.Tables["Logons"], At(1)));
    }

    [Fact]
    public void Flush_makes_every_write_so_far_durable()
    {
        var dir = TestPaths.TempDir();
        var schema = Logons();
        var set = TableSet.OpenPersistent([schema], dir, new TableStoreOptions { BatchSize = 1000, MaxBatchAge = TimeSpan.FromHours(1) });
        set.Tables["Logons"].Upsert([C("user", "a")], At(0));
        set.Flush();
        set.Tables["Logons"].Upsert([C("user", "b")], At(1));
        set.StoreFile!.Abandon();

        using var reopened = Open(dir, schema);
        Assert.Equal(["a"], Users(reopened.Tables["Logons"], At(2)));
    }

    [Fact]
    public void One_writer_at_a_time_while_readers_see_the_last_commit()
    {
        // The store assumes a single writer process (each writer keeps the lists in memory); the lock enforces it.
        var dir = TestPaths.TempDir();
        var schema = Logons();
        using var writer = Open(dir, schema);
        writer.Tables["Logons"].Upsert([C("user", "a")], At(0));
        writer.Flush();
        writer.Tables["Logons"].Upsert([C("user", "b")], At(1)); // pending

        var ex = Assert.Throws<TableStoreException>(() => Open(dir, schema));
        Assert.Contains("in use by another process", ex.Message);

        using var reader = TableSet.OpenPersistent([schema], dir, new TableStoreOptions { ReadOnly = true });
        Assert.Equal(["a"], Users(reader.Tables["Logons"], At(2)));
        // A read-only set's writes stay in memory.
        reader.Tables["Logons"].Upsert([C("user", "z")], At(2));
        Assert.Equal(2, reader.Tables["Logons"].Count);
    }

    [Fact]
    public void A_read_only_open_of_an_empty_folder_shows_lists_as_they_would_be_created()
    {
        var dir = TestPaths.TempDir();
        using var set = TableSet.OpenPersistent([Extensions()], dir, new TableStoreOptions { ReadOnly = true });
        Assert.False(set.StoreFile!.Exists);
        Assert.Equal(3, set.Tables["Script_Extensions"].Count);
        Assert.False(File.Exists(Path.Combine(dir, TableStoreFile.FileName)));
    }

    [Fact]
    public void Lists_not_in_the_schemas_are_kept_and_listed()
    {
        var dir = TestPaths.TempDir();
        using (var set = Open(dir, Logons(), Extensions())) set.Tables["Logons"].Upsert([C("user", "a")], At(0));
        using (var set = Open(dir, Extensions())) Assert.False(set.Tables.ContainsKey("Logons"));
        using (var file = TableStoreFile.Open(dir, new TableStoreOptions { ReadOnly = true }))
        {
            var lists = file.Lists();
            Assert.Equal(["Logons", "Script_Extensions"], lists.Select(l => l.Name));
            Assert.Equal(1, lists[0].RowCount);
            Assert.Equal("user String, count Number, host String, last DateTime; key (user)", lists[0].Layout);
        }
    }

    [Fact]
    public void A_pipeline_with_a_tables_directory_keeps_its_lists()
    {
        var dir = TestPaths.TempDir();
        var kbRoot = TestPaths.TempDir();
        Directory.CreateDirectory(Path.Combine(kbRoot, "lists", "ext"));
        File.WriteAllText(Path.Combine(kbRoot, "lists", "ext", "table.tl"), """
            name: Script_Extensions
            fillType: Registry
            fields:
              - extension: {type: Regex, primaryKey: true, nullable: false}
            defaults:
              PT:
                - extension: \.ps1$
            """);
        var kb = Vigil.KnowledgeBase.CompiledKnowledgeBase.Compile(Vigil.KnowledgeBase.KnowledgeBaseLoader.Load([kbRoot]));
        using (var pipeline = new Vigil.Pipeline.EventPipeline(kb, new Vigil.Pipeline.PipelineOptions { TablesDirectory = dir }, new NullSink()))
        {
            Assert.Equal(Path.GetFullPath(dir), pipeline.Tables.StoreFile!.Directory);
            pipeline.Tables.Tables["Script_Extensions"].Upsert([C("extension", @"\.bat$")], At(0));
            pipeline.Complete();
        }
        using var reopened = TableSet.OpenPersistent(kb.TableSchemas, dir);
        Assert.Equal(2, reopened.Tables["Script_Extensions"].Count);
    }

    private sealed class NullSink : Vigil.Pipeline.IPipelineSink;
}
