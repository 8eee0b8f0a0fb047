using System.Text;
using Vigil.Events;
using Vigil.Tables;
using static Vigil.Tests.Tables.StoreSchemas;

namespace Vigil.Tests.Tables;

public class TableCsvTests
{
    private static readonly TableSchema Mixed = Parse("""
        name: Mixed
        fields:
          - complex_key:
              type: composite
              compositeFields: [name, n]
              primaryKey: true
              nullable: false
          - name: {type: String, nullable: false}
          - n: {type: Number, nullable: false}
          - at: {type: DateTime, nullable: true}
          - pattern: {type: Regex, nullable: true}
          - note: {type: String, nullable: true}
        """);

    private static string ExportText(TableData t)
    {
        using var ms = new MemoryStream();
        TableCsv.Export(t.Schema, t.Store.Rows, ms);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static TableImportResult ImportText(TableData t, string csv) =>
        TableCsv.Import(t, new MemoryStream(Encoding.UTF8.GetBytes(csv)), At(100));

    [Fact]
    public void Export_then_import_gives_back_the_same_rows_in_the_same_order()
    {
        var t = new TableData(Mixed);
        Value[][] rows =
        [
            [Value.String("comma, \"quote\"\nnewline"), Value.Number(-5), Value.DateTime(T0 + 1234567), Value.String(@"-\d+,x"), Value.String("")],
            [Value.String(" edge spaces "), Value.Double(2.5), Value.Null, Value.String("=cmd|' /C calc'!A0"), Value.Null],
            [Value.String("ключ ✓"), Value.Number(long.MaxValue), Value.DateTime(T0), Value.Null, Value.String("null")],
        ];
        foreach (var r in rows) Assert.True(t.Upsert(r, At(0)).IsOk);
        string csv = ExportText(t);
        Assert.StartsWith("name,n,at,pattern,note\r\n", csv);

        var back = new TableData(Mixed);
        var result = ImportText(back, csv);
        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Inserted);
        var got = back.Store.Rows.ToList();
        for (int r = 0; r < rows.Length; r++)
            for (int c = 0; c < rows[r].Length; c++)
                Assert.True(rows[r][c].SameAs(got[r][c]), $"row {r} column {c}: {rows[r][c]} != {got[r][c]}");
        Assert.Equal(csv, ExportText(back)); // and it exports identically
    }

    [Fact]
    public void Bad_rows_are_reported_by_line_and_good_rows_imported()
    {
        var t = new TableData(Mixed);
        var result = ImportText(t, string.Join("\n",
            "name,n,pattern",         // 1
            "a,1,x",                  // 2 ok
            "b,many,x",               // 3 not a number
            "\"multi",                // 4 a quoted field over two lines: ok
            "line\",2,y",             // 5
            "c,3,(unclosed",          // 6 bad pattern
            "d,4",                    // 7 too few fields
            ",5,x",                   // 8 null key column
            "e,6,z",                  // 9 ok
            ""));
        Assert.Equal(3, result.Inserted);
        Assert.Equal([3L, 6L, 7L, 8L], result.Errors.Select(e => e.Line));
        Assert.Equal("column 'n': expected a number, got text \"many\"", result.Errors[0].Message);
        Assert.Contains("invalid regular expression '(unclosed'", result.Errors[1].Message);
        Assert.Contains("one field per header column", result.Errors[2].Message);
        Assert.Contains("not nullable", result.Errors[3].Message);
        Assert.Equal(["a", "multi\nline", "e"], t.Store.Rows.Select(r => r[0].AsString));
    }

    [Fact]
    public void Columns_left_out_of_the_header_keep_their_values_on_update()
    {
        var t = new TableData(Mixed);
        Assert.Empty(ImportText(t, "name,n,note\na,1,first\n").Errors);
        var result = ImportText(t, "n,name,pattern\n1,a,p\n");
        Assert.Equal(1, result.Updated);
        var row = t.Store.Rows.Single();
        Assert.Equal("first", row[4].AsString);
        Assert.Equal("p", row[3].AsString);
    }

    [Theory]
    [InlineData("", "no header row")]
    [InlineData("name,n,colour\n", "'colour' is not a column of 'Mixed'")]
    [InlineData("name,note\n", "the header lacks key column 'n'")]
    [InlineData("name,n,name\n", "column 'name' appears twice")]
    public void A_header_that_cannot_work_stops_the_import(string csv, string message)
    {
        var ex = Assert.Throws<TableCsvException>(() => ImportText(new TableData(Mixed), csv));
        Assert.Contains(message, ex.Message);
        Assert.Equal(1, ex.Line);
    }
}
