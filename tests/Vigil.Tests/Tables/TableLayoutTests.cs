using Vigil.Events;
using Vigil.Tables;
using Vigil.Tables.Persistence;
using static Vigil.Tests.Tables.StoreSchemas;

namespace Vigil.Tests.Tables;

public class TableLayoutTests
{
    private static void StoreOneRow(string dir, TableSchema schema)
    {
        using var set = TableSet.OpenPersistent([schema], dir);
        Assert.True(set.Tables[schema.Name].Upsert([KeyValuePair.Create("user", Value.String("a")), KeyValuePair.Create("count", Value.Number(5))], At(0)).IsOk);
    }

    [Fact]
    public void A_changed_column_type_is_refused_with_both_layouts_named()
    {
        var dir = TestPaths.TempDir();
        StoreOneRow(dir, Logons());
        var ex = Assert.Throws<TableStoreException>(() => TableSet.OpenPersistent([Logons(countType: "String")], dir));
        Assert.Contains("tabular list 'Logons' is stored in", ex.Message);
        Assert.Contains("[user String, count Number, host String, last DateTime; key (user)]", ex.Message);
        Assert.Contains("[user String, count String, host String, last DateTime; key (user)]", ex.Message);
        Assert.Contains("vigil table clear Logons --reset", ex.Message);

        // The refused open left the store as it was, and unlocked.
        using var set = TableSet.OpenPersistent([Logons()], dir);
        Assert.Equal(5, set.Tables["Logons"].Scan(At(1)).Single()[1].AsNumber);
    }

    [Fact]
    public void Added_renamed_or_rekeyed_columns_are_incompatible_too()
    {
        var dir = TestPaths.TempDir();
        StoreOneRow(dir, Logons());
        var added = Parse("""
            name: Logons
            fields:
              - user: {type: String, primaryKey: true, nullable: false}
              - count: {type: Number, nullable: true}
              - host: {type: String, nullable: true}
              - last: {type: DateTime, nullable: true}
              - extra: {type: String, nullable: true}
            """);
        var rekeyed = Parse("""
            name: Logons
            fields:
              - user: {type: String, nullable: false}
              - count: {type: Number, primaryKey: true, nullable: false}
              - host: {type: String, nullable: true}
              - last: {type: DateTime, nullable: true}
            """);
        Assert.Throws<TableStoreException>(() => TableSet.OpenPersistent([added], dir));
        Assert.Throws<TableStoreException>(() => TableSet.OpenPersistent([rekeyed], dir));
    }

    [Fact]
    public void Ttl_size_index_and_defaults_may_change_without_touching_stored_rows()
    {
        var dir = TestPaths.TempDir();
        StoreOneRow(dir, Logons());
        var changed = Parse("""
            name: Logons
            fillType: EnrichmentRule
            ttl: 3600
            maxSize: 10
            fields:
              - user: {type: String, primaryKey: true, nullable: false}
              - count: {type: Number, nullable: false}
              - host: {type: String, index: false, nullable: true}
              - last: {type: DateTime, index: true, nullable: true}
            defaults:
              LOC:
                - user: b
                  count: 1
            """);
        using var set = TableSet.OpenPersistent([changed], dir);
        Assert.Empty(set.CreatedLists); // the list exists: the new defaults are not loaded
        Assert.Equal(1, set.Tables["Logons"].Count);
    }

    [Fact]
    public void Every_incompatible_list_is_named_at_once()
    {
        var dir = TestPaths.TempDir();
        using (TableSet.OpenPersistent([Logons(), Sessions()], dir)) { }
        var sessions2 = Parse("""
            name: Sessions
            fields:
              - ip: {type: String, primaryKey: true, nullable: false}
            """);
        var ex = Assert.Throws<TableStoreException>(() => TableSet.OpenPersistent([Logons(countType: "DateTime"), sessions2], dir));
        Assert.Contains("'Logons'", ex.Message);
        Assert.Contains("'Sessions'", ex.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_table_store_is_refused()
    {
        var dir = TestPaths.TempDir();
        File.WriteAllText(Path.Combine(dir, TableStoreFile.FileName), "not a database, just text that is long enough to have a header....................................................");
        var ex = Assert.Throws<TableStoreException>(() => TableStoreFile.Open(dir));
        Assert.Contains(TableStoreFile.FileName, ex.Message);
    }
}
