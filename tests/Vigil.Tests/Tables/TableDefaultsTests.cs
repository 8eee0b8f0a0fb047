using Vigil.Events;
using Vigil.Language.Diagnostics;
using Vigil.Tables;
using static Vigil.Tests.Tables.TableYaml;

namespace Vigil.Tests.Tables;

public class TableDefaultsTests
{
    // Lines: 1 name … 11 defaults:
    private const string Header = """
        name: Binaries
        fillType: Registry
        fields:
          - name: {type: String, primaryKey: true, nullable: false}
          - size: {type: Number, nullable: true}
          - seen: {type: DateTime, nullable: true}
          - pattern: {type: Regex, nullable: true}
          - note: {type: String, nullable: false}
        type: 1
        userCanEditContent: true
        defaults:

        """;

    [Fact]
    public void Rows_are_typed_by_column_and_keep_their_set_with_vendor_rows_first()
    {
        var (schema, diags) = Load(Header + """
              LOC:
                - name: local.exe
                  note: "123"
              PT:
                - name: cmd.exe
                  size: 42
                  seen: 2024-01-02T03:04:05Z
                  pattern: \.cmd\b
                  note: 123
            """);
        Assert.Empty(diags);
        Assert.NotNull(schema);
        Assert.Equal(["PT", "LOC"], schema.Defaults.Select(r => r.Set));
        var pt = schema.Defaults[0].Values;
        Assert.Equal("cmd.exe", pt[0].AsString);
        Assert.Equal(ValueKind.Number, pt[1].Kind);
        Assert.Equal(42, pt[1].AsNumber);
        Assert.Equal(ValueKind.DateTime, pt[2].Kind);
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).Ticks, pt[2].AsTicks);
        Assert.Equal(@"\.cmd\b", pt[3].AsString);
        Assert.Equal("123", pt[4].AsString); // a plain 123 in a String column is text
        var loc = schema.Defaults[1].Values;
        Assert.True(loc[1].IsNull);
        Assert.Equal("123", loc[4].AsString);
        Assert.Equal("13:7", schema.Source!.GetPosition(schema.Defaults[1].Span.Start).ToString());
    }

    [Fact]
    public void Empty_defaults_mapping_gives_no_rows()
    {
        var (schema, diags) = Load(Header.Replace("defaults:\n", "defaults: {}\n"));
        Assert.Empty(diags);
        Assert.NotNull(schema);
        Assert.Empty(schema.Defaults);
    }

    [Fact]
    public void Row_with_unknown_column_is_an_error_at_the_column_and_is_dropped()
    {
        var (schema, diags) = Load(Header + """
              PT:
                - name: a.exe
                  note: x
                - name: b.exe
                  colour: red
                  note: x
            """);
        var d = Single(diags, "XP0519");
        Assert.Equal("16:7", At(d));
        Assert.Contains("colour", d.Message);
        Assert.NotNull(schema); // the list survives; only the row is lost
        Assert.Single(schema.Defaults);
    }

    [Theory]
    [InlineData("size: lots", "15:13")]
    [InlineData("seen: yesterday", "15:13")]
    [InlineData("pattern: '(unclosed'", "15:16")]
    [InlineData("size: [1, 2]", "15:13")]
    public void Wrongly_typed_value_is_an_error_at_the_value(string cell, string at)
    {
        var (schema, diags) = Load(Header + $"""
              PT:
                - name: a.exe
                  note: x
                  {cell}
            """);
        Assert.Equal(at, At(Single(diags, "XP0520")));
        Assert.NotNull(schema);
        Assert.Empty(schema.Defaults);
    }

    [Theory]
    [InlineData("    - name: a.exe\n      note: ~\n")]
    [InlineData("    - name: a.exe\n")]
    public void Null_in_a_non_nullable_column_is_an_error(string row)
    {
        var (schema, diags) = Load(Header + "  PT:\n" + row);
        var d = Single(diags, "XP0521");
        Assert.Contains("note", d.Message);
        Assert.Equal("13:7", At(d));
        Assert.Empty(schema!.Defaults);
    }

    [Fact]
    public void Duplicate_primary_key_within_a_set_is_an_error_naming_the_first_line()
    {
        var (schema, diags) = Load(Header + """
              PT:
                - name: a.exe
                  note: first
                - name: a.exe
                  note: second
            """);
        var d = Single(diags, "XP0522");
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Equal("15:7", At(d));
        Assert.Contains("line 13", d.Message);
        Assert.Equal("first", Assert.Single(schema!.Defaults).Values[4].AsString);
    }

    [Fact]
    public void Local_row_with_a_vendor_key_replaces_it_with_a_warning()
    {
        var (schema, diags) = Load(Header + """
              LOC:
                - name: a.exe
                  note: local
              PT:
                - name: a.exe
                  note: vendor
            """);
        Assert.Equal(Severity.Warning, Single(diags, "XP0528").Severity);
        var row = Assert.Single(schema!.Defaults);
        Assert.Equal("LOC", row.Set);
        Assert.Equal("local", row.Values[4].AsString);
    }

    [Fact]
    public void Duplicate_composite_key_in_defaults_is_an_error()
    {
        var (schema, diags) = Load("""
            name: DCs
            fillType: Registry
            fields:
              - complex_key: {type: composite, compositeFields: [ip, hostname], primaryKey: true}
              - ip: {type: String, nullable: false}
              - hostname: {type: String, nullable: false}
            defaults:
              PT:
                - {ip: 10.0.0.1, hostname: dc1}
                - {ip: 10.0.0.1, hostname: dc2}
                - {hostname: dc1, ip: 10.0.0.1}
            """);
        Assert.Equal("11:7", At(Single(diags, "XP0522")));
        Assert.Equal(2, schema!.Defaults.Length);
    }

    [Fact]
    public void Unknown_defaults_set_is_a_warning_and_its_rows_load_last()
    {
        var (schema, diags) = Load(Header + """
              EXTRA:
                - {name: z.exe, note: x}
              PT:
                - {name: a.exe, note: x}
            """);
        Assert.Equal(Severity.Warning, Single(diags, "XP0518").Severity);
        Assert.Equal(["PT", "EXTRA"], schema!.Defaults.Select(r => r.Set));
    }

    [Fact]
    public void Row_that_is_not_a_mapping_is_an_error()
    {
        var (schema, diags) = Load(Header + "  PT:\n    - just-a-name\n");
        Assert.Equal("13:7", At(Single(diags, "XP0524")));
        Assert.Empty(schema!.Defaults);
    }
}
