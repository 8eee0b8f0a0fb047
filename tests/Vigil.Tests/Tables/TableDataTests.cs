using System.Text.Json;
using Vigil.Events;
using Vigil.Tables;

namespace Vigil.Tests.Tables;

public class TableDataTests
{
    private static readonly long T0 = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc).Ticks;
    private static long At(int seconds) => T0 + seconds * TimeSpan.TicksPerSecond;

    private static TableSchema Schema(string extraHeader = "", string extraColumns = "")
    {
        var (schema, diags) = TableYaml.Load($$"""
            name: Logons
            fillType: CorrelationRule
            {{extraHeader}}
            fields:
              - user: {type: String, primaryKey: true, nullable: false}
              - count: {type: Number, nullable: true}
              - host: {type: String, index: true, nullable: true}
              - last: {type: DateTime, nullable: true}
            {{extraColumns}}
            """);
        Assert.True(!diags.Any(d => d.IsError), string.Join("\n", diags));
        return schema!;
    }

    private static KeyValuePair<string, Value> C(string name, Value v) => KeyValuePair.Create(name, v);

    [Fact]
    public void Upsert_inserts_then_updates_by_primary_key()
    {
        var t = new TableData(Schema());
        var first = t.Upsert([Value.String("bob"), Value.Number(1), Value.String("h1"), Value.Null], At(0));
        var second = t.Upsert([Value.String("bob"), Value.Number(2), Value.String("h1"), Value.Null], At(1));
        Assert.Equal(TableWriteStatus.Inserted, first.Status);
        Assert.Equal(TableWriteStatus.Updated, second.Status);
        Assert.Equal(1, t.Count);
        Assert.True(t.TryGet(Value.String("bob"), At(1), out var row));
        Assert.Equal(2, row[1].AsNumber);
        Assert.Equal(At(1), row.WrittenTicks);
        Assert.False(t.TryGet(Value.String("Bob"), At(1), out _)); // keys are case-sensitive
    }

    [Fact]
    public void Named_upsert_keeps_unnamed_columns_on_update_and_nulls_them_on_insert()
    {
        var t = new TableData(Schema());
        t.Upsert([C("user", Value.String("bob")), C("host", Value.String("h1"))], At(0));
        Assert.True(t.TryGet(Value.String("bob"), At(0), out var inserted));
        Assert.True(inserted[1].IsNull);

        var r = t.Upsert([C("user", Value.String("bob")), C("count", Value.Number(7))], At(1));
        Assert.Equal(TableWriteStatus.Updated, r.Status);
        Assert.True(t.TryGet(Value.String("bob"), At(1), out var updated));
        Assert.Equal(7, updated[1].AsNumber);
        Assert.Equal("h1", updated[2].AsString);
    }

    [Fact]
    public void Named_upsert_without_the_key_is_rejected()
    {
        var t = new TableData(Schema());
        var r = t.Upsert([C("count", Value.Number(1))], At(0));
        Assert.Equal(TableWriteStatus.Rejected, r.Status);
        Assert.Contains("user", r.Error);
        Assert.Equal(0, r.Column);
        Assert.Equal(0, t.Count);
    }

    [Fact]
    public void Unknown_column_is_rejected()
    {
        var t = new TableData(Schema());
        var r = t.Upsert([C("user", Value.String("a")), C("colour", Value.String("red"))], At(0));
        Assert.False(r.IsOk);
        Assert.Contains("colour", r.Error);
    }

    [Fact]
    public void Wrongly_typed_write_returns_an_error_and_writes_nothing()
    {
        var t = new TableData(Schema());
        var r = t.Upsert([C("user", Value.String("a")), C("count", Value.String("many"))], At(0));
        Assert.Equal(TableWriteStatus.Rejected, r.Status);
        Assert.Equal(1, r.Column);
        Assert.Contains("count", r.Error);
        Assert.Equal(0, t.Count);

        var list = t.Upsert([C("user", Value.List([Value.String("x")]))], At(0));
        Assert.False(list.IsOk);
    }

    [Fact]
    public void Write_converts_unambiguous_values_to_the_column_type()
    {
        var t = new TableData(Schema());
        var r = t.Upsert([
            C("user", Value.Number(1001)),
            C("count", Value.String(" 12 ")),
            C("last", Value.String("2024-05-01T12:00:00Z")),
        ], At(0));
        Assert.True(r.IsOk, r.Error);
        Assert.True(t.TryGet(Value.String("1001"), At(0), out var row));
        Assert.Equal(ValueKind.Number, row[1].Kind);
        Assert.Equal(12, row[1].AsNumber);
        Assert.Equal(T0, row[3].AsTicks);
    }

    [Fact]
    public void Null_in_a_non_nullable_column_is_rejected()
    {
        var t = new TableData(Schema());
        var r = t.Upsert([Value.Null, Value.Number(1), Value.Null, Value.Null], At(0));
        Assert.False(r.IsOk);
        Assert.Contains("not nullable", r.Error);
    }

    [Fact]
    public void Full_row_of_the_wrong_width_is_rejected()
    {
        var t = new TableData(Schema());
        Assert.False(t.Upsert([Value.String("a")], At(0)).IsOk);
    }

    [Fact]
    public void Lookup_value_is_converted_to_the_key_type()
    {
        var (schema, _) = TableYaml.Load("name: Ports\nfillType: Registry\nfields:\n  - port: {type: Number, primaryKey: true}\n");
        var t = new TableData(schema!);
        t.Upsert([Value.Number(443)], At(0));
        Assert.True(t.TryGet(Value.String("443"), At(0), out _));
        Assert.True(t.TryGet(Value.Double(443.0), At(0), out _));
        Assert.False(t.TryGet(Value.String("https"), At(0), out _));
    }

    [Fact]
    public void Composite_key_identifies_rows_by_the_whole_tuple()
    {
        var (schema, _) = TableYaml.Load("""
            name: DCs
            fillType: Registry
            fields:
              - complex_key: {type: composite, compositeFields: [ip, hostname]}
              - ip: {type: String}
              - hostname: {type: String, index: true}
            """);
        var t = new TableData(schema!);
        t.Upsert([Value.String("10.0.0.1"), Value.String("dc1")], At(0));
        t.Upsert([Value.String("10.0.0.1"), Value.String("dc2")], At(0));
        Assert.Equal(2, t.Count);
        Assert.True(t.TryGet([Value.String("10.0.0.1"), Value.String("dc2")], At(0), out _));
        Assert.False(t.TryGet([Value.String("10.0.0.2"), Value.String("dc2")], At(0), out _));
        Assert.False(t.TryGet([Value.String("10.0.0.1")], At(0), out _)); // a partial key is not a key
        // The leading composite column is indexed through the key.
        Assert.Equal(["dc1", "dc2"], t.FindBy("ip", Value.String("10.0.0.1"), At(0)).Select(r => r[1].AsString));
    }

    [Fact]
    public void Index_lookup_returns_rows_in_write_order_and_follows_updates()
    {
        var t = new TableData(Schema());
        t.Upsert([C("user", Value.String("a")), C("host", Value.String("h1"))], At(0));
        t.Upsert([C("user", Value.String("b")), C("host", Value.String("h2"))], At(1));
        t.Upsert([C("user", Value.String("c")), C("host", Value.String("h1"))], At(2));
        Assert.Equal(["a", "c"], t.FindBy("host", Value.String("h1"), At(2)).Select(r => r[0].AsString));

        t.Upsert([C("user", Value.String("a")), C("host", Value.String("h2"))], At(3));
        Assert.Equal(["c"], t.FindBy("host", Value.String("h1"), At(3)).Select(r => r[0].AsString));
        Assert.Equal(["b", "a"], t.FindBy("host", Value.String("h2"), At(3)).Select(r => r[0].AsString));
        // A column without an index is scanned.
        Assert.Single(t.FindBy("count", Value.Null, At(3)), r => r[0].AsString == "b");
        Assert.Empty(t.FindBy("no_such_column", Value.String("x"), At(3)));
    }

    [Fact]
    public void Scan_is_in_write_order_and_a_rewritten_row_moves_to_the_end()
    {
        var t = new TableData(Schema());
        foreach (var u in new[] { "a", "b", "c" }) t.Upsert([C("user", Value.String(u))], At(0));
        t.Upsert([C("user", Value.String("a")), C("count", Value.Number(1))], At(1));
        Assert.Equal(["b", "c", "a"], t.Scan(At(1)).Select(r => r[0].AsString));
    }

    [Fact]
    public void Rows_expire_ttl_seconds_after_their_last_write_in_event_time()
    {
        var t = new TableData(Schema("ttl: 60"));
        t.Upsert([C("user", Value.String("a"))], At(0));
        t.Upsert([C("user", Value.String("b"))], At(30));
        Assert.True(t.TryGet(Value.String("a"), At(59), out _));
        Assert.False(t.TryGet(Value.String("a"), At(60), out _));
        Assert.Equal(["b"], t.Scan(At(60)).Select(r => r[0].AsString));

        t.Upsert([C("user", Value.String("b")), C("count", Value.Number(2))], At(80)); // refreshes b
        Assert.True(t.TryGet(Value.String("b"), At(139), out _));
        Assert.Equal(0, t.Expire(At(139)));
        Assert.Equal(1, t.Expire(At(140)));
        Assert.Equal(0, t.Count);
    }

    [Fact]
    public void Expired_row_rewritten_counts_as_an_insert()
    {
        var t = new TableData(Schema("ttl: 10"));
        t.Upsert([C("user", Value.String("a")), C("count", Value.Number(5))], At(0));
        var r = t.Upsert([C("user", Value.String("a"))], At(100));
        Assert.Equal(TableWriteStatus.Inserted, r.Status);
        Assert.True(t.TryGet(Value.String("a"), At(100), out var row));
        Assert.True(row[1].IsNull); // nothing carried over from the dead row
    }

    [Fact]
    public void Without_ttl_rows_never_expire()
    {
        var t = new TableData(Schema());
        t.Upsert([C("user", Value.String("a"))], At(0));
        Assert.True(t.TryGet(Value.String("a"), At(0) + TimeSpan.FromDays(3650).Ticks, out _));
    }

    [Fact]
    public void Max_size_evicts_the_least_recently_written_row()
    {
        var t = new TableData(Schema("maxSize: 2"));
        t.Upsert([C("user", Value.String("a"))], At(0));
        t.Upsert([C("user", Value.String("b"))], At(1));
        t.Upsert([C("user", Value.String("a")), C("count", Value.Number(1))], At(2)); // a is now newest
        var r = t.Upsert([C("user", Value.String("c"))], At(3));
        Assert.Equal(1, r.Evicted);
        Assert.Equal(["a", "c"], t.Scan(At(3)).Select(x => x[0].AsString));
        Assert.Equal(0, t.Upsert([C("user", Value.String("c"))], At(4)).Evicted); // an update never evicts
    }

    [Fact]
    public void Regex_column_holds_the_pattern_text_and_a_compiled_pattern_with_search_semantics()
    {
        var (schema, _) = TableYaml.Load("name: Ext\nfillType: Registry\nfields:\n  - extension: {type: Regex, primaryKey: true}\n");
        var t = new TableData(schema!);
        Assert.True(t.Upsert([Value.String(@"\.cmd\b")], At(0)).IsOk);
        var row = Assert.Single(t.Scan(At(0)));
        Assert.Equal(@"\.cmd\b", row[0].AsString);
        Assert.NotNull(row.Pattern(0));
        Assert.True(row.IsMatch(0, @"c:\x\run.cmd /c"));
        Assert.False(row.IsMatch(0, "run.cmdx"));
        Assert.True(t.TryGet(Value.String(@"\.cmd\b"), At(0), out _));

        var bad = t.Upsert([Value.String("(unclosed")], At(0));
        Assert.False(bad.IsOk);
        Assert.Contains("regular expression", bad.Error);
    }

    [Fact]
    public void Defaults_load_in_schema_order()
    {
        var (schema, _) = TableYaml.Load("""
            name: Ext
            fillType: Registry
            fields:
              - extension: {type: Regex, primaryKey: true}
            defaults:
              LOC:
                - extension: \.ps1\b
              PT:
                - extension: \.bat\b
                - extension: \.cmd\b
            """);
        var t = new TableData(schema!);
        Assert.Equal(3, t.LoadDefaults(At(0)));
        Assert.Equal([@"\.bat\b", @"\.cmd\b", @"\.ps1\b"], t.Scan(At(0)).Select(r => r[0].AsString));
    }

    [Fact]
    public void Json_test_rows_are_written_by_column_name()
    {
        var t = new TableData(Schema());
        using var doc = JsonDocument.Parse("""[{"user": "a", "count": 3}, {"user": "b", "nope": 1}, 5]""");
        var results = doc.RootElement.EnumerateArray().Select(e => t.UpsertJson(e, At(0))).ToList();
        Assert.True(results[0].IsOk);
        Assert.False(results[1].IsOk);
        Assert.False(results[2].IsOk);
        Assert.True(t.TryGet(Value.String("a"), At(0), out var row));
        Assert.Equal(3, row[1].AsNumber);
    }

    [Fact]
    public void Remove_and_clear_delete_rows_and_their_index_entries()
    {
        var t = new TableData(Schema());
        t.Upsert([C("user", Value.String("a")), C("host", Value.String("h"))], At(0));
        t.Upsert([C("user", Value.String("b")), C("host", Value.String("h"))], At(0));
        Assert.True(t.Remove([Value.String("a")]));
        Assert.False(t.Remove([Value.String("a")]));
        Assert.Equal(["b"], t.FindBy("host", Value.String("h"), At(0)).Select(r => r[0].AsString));
        t.Clear();
        Assert.Equal(0, t.Count);
        Assert.Empty(t.FindBy("host", Value.String("h"), At(0)));
    }

    [Fact]
    public void A_custom_store_can_be_plugged_underneath()
    {
        var schema = Schema();
        var store = new CountingStore(new InMemoryTableStore(schema));
        var t = new TableData(schema, store);
        t.Upsert([C("user", Value.String("a"))], At(0));
        t.Upsert([C("user", Value.String("b"))], At(0));
        Assert.Same(store, t.Store);
        Assert.Equal(2, store.Puts);
        Assert.Equal(2, t.Scan(At(0)).Count());
    }

    private sealed class CountingStore(ITableStore inner) : ITableStore
    {
        public int Puts { get; private set; }
        public int Count => inner.Count;
        public TableRow? Oldest => inner.Oldest;
        public IEnumerable<TableRow> Rows => inner.Rows;
        public bool TryGet(in RowKey key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TableRow row) => inner.TryGet(key, out row);
        public void Put(TableRow row) { Puts++; inner.Put(row); }
        public bool Remove(in RowKey key) => inner.Remove(key);
        public IEnumerable<TableRow> RowsWhere(int column, Value value) => inner.RowsWhere(column, value);
        public void Clear() => inner.Clear();
    }
}
