using Vigil.Language.Diagnostics;
using Vigil.Tables;
using static Vigil.Tests.Tables.TableYaml;

namespace Vigil.Tests.Tables;

public class TableSchemaLoaderTests
{
    [Fact]
    public void Full_declaration_is_read_into_an_immutable_schema()
    {
        var (schema, diags) = Load("""
            name: Sessions
            type: 1
            fillType: CorrelationRule
            userCanEditContent: false
            ttl: 3600
            maxSize: 1000
            typicalSize: 100
            fields:
              - id:
                  type: Number
                  primaryKey: true
                  index: false
                  nullable: false
                  unique: true
              - started:
                  type: DateTime
                  primaryKey: false
                  index: true
                  nullable: true
              - pattern:
                  type: Regex
                  primaryKey: false
              - user.name:
                  type: String
            """);
        Assert.Empty(diags);
        Assert.NotNull(schema);
        Assert.Equal("Sessions", schema.Name);
        Assert.Equal(1, schema.TypeCode);
        Assert.Equal(TableFillType.CorrelationRule, schema.FillType);
        Assert.False(schema.UserCanEditContent);
        Assert.Equal(3600, schema.TtlSeconds);
        Assert.Equal(TimeSpan.FromHours(1), schema.Ttl);
        Assert.Equal(1000, schema.MaxSize);
        Assert.Equal(100, schema.TypicalSize);
        Assert.Equal(["id", "started", "pattern", "user.name"], schema.Columns.Select(c => c.Name));
        Assert.Equal([ColumnType.Number, ColumnType.DateTime, ColumnType.Regex, ColumnType.String], schema.Columns.Select(c => c.Type));
        Assert.True(schema.Columns[0].IsUnique);
        Assert.True(schema.Columns[1].IsIndexed);
        Assert.True(schema.Columns[3].IsNullable); // absent 'nullable' means nullable
        Assert.Equal([0], schema.PrimaryKey.ToArray());
        Assert.Null(schema.CompositeKey);
        Assert.Equal(2, schema.ColumnOrdinal("pattern"));
        Assert.Equal(-1, schema.ColumnOrdinal("nope"));
    }

    [Fact]
    public void Complex_key_makes_its_composite_fields_the_primary_key_in_written_order()
    {
        var (schema, diags) = Load("""
            name: DCs
            fillType: Registry
            fields:
              - complex_key:
                  type: composite
                  compositeFields: [hostname, ip]
                  primaryKey: true
                  unique: true
                  nullable: false
                  index: true
              - ip: {type: String, nullable: false}
              - hostname: {type: String, nullable: false}
            """);
        Assert.Empty(diags);
        Assert.NotNull(schema);
        Assert.Equal([1, 0], schema.PrimaryKey.ToArray());
        Assert.NotNull(schema.CompositeKey);
        Assert.Equal([1, 0], schema.CompositeKey.Fields);
        Assert.True(schema.CompositeKey.IsIndexed);
        Assert.Equal(2, schema.Columns.Length); // complex_key is not a column
        Assert.Equal([true, true], schema.IsKeyColumn.ToArray());
    }

    [Fact]
    public void Yaml_syntax_error_is_reported_at_its_position()
    {
        var (schema, diags) = Load("name: X\nfields: [a,\n  b: c\n");
        Assert.Null(schema);
        var d = Single(diags, "XP0501");
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Equal("t/table.tl", d.Path);
        Assert.True(d.Position.Line >= 2, d.ToString());
    }

    [Fact]
    public void Duplicate_yaml_key_is_a_syntax_error_at_the_repeated_key()
    {
        var (schema, diags) = Load("name: X\nname: Y\n");
        Assert.Null(schema);
        Assert.Equal("2:1", At(Single(diags, "XP0501")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("- a\n- b\n")]
    [InlineData("just text")]
    public void Document_that_is_not_a_mapping_is_rejected(string yaml)
    {
        var (schema, diags) = Load(yaml);
        Assert.Null(schema);
        Single(diags, "XP0502");
    }

    [Theory]
    [InlineData("1abc")]
    [InlineData("has-dash")]
    [InlineData("_under")]
    public void Invalid_table_name_is_an_error_at_the_name(string name)
    {
        var (schema, diags) = Load(Minimal.Replace("name: Hosts", $"name: {name}"));
        Assert.Null(schema);
        Assert.Equal("1:7", At(Single(diags, "XP0504")));
    }

    [Fact]
    public void Missing_name_and_fields_are_errors()
    {
        var (schema, diags) = Load("fillType: Registry\n");
        Assert.Null(schema);
        Assert.Equal(2, diags.Count(d => d.Code == "XP0503"));
    }

    [Fact]
    public void Missing_fill_type_defaults_to_registry_with_a_warning()
    {
        var (schema, diags) = Load(Minimal.Replace("fillType: Registry\n", ""));
        Assert.NotNull(schema);
        Assert.Equal(TableFillType.Registry, schema.FillType);
        Assert.Equal(Severity.Warning, Single(diags, "XP0527").Severity);
    }

    [Theory]
    [InlineData("registry")]
    [InlineData("1")]
    [InlineData("Registry, AssetGrid")]
    public void Unknown_fill_type_is_an_error(string fillType)
    {
        var (schema, diags) = Load(Minimal.Replace("fillType: Registry", $"fillType: {fillType}"));
        Assert.Null(schema);
        Assert.Equal("3:11", At(Single(diags, "XP0507")));
    }

    [Fact]
    public void Unknown_top_level_key_is_only_a_warning()
    {
        var (schema, diags) = Load(Minimal + "\ncolour: blue\n");
        Assert.NotNull(schema);
        var d = Single(diags, "XP0505");
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Contains("colour", d.Message);
        Assert.DoesNotContain(diags, x => x.IsError);
    }

    [Theory]
    [InlineData("ttl: -5")]
    [InlineData("ttl: day")]
    [InlineData("maxSize: 1.5")]
    [InlineData("type: one")]
    [InlineData("userCanEditContent: maybe")]
    public void Wrongly_shaped_header_value_is_an_error(string line)
    {
        var (schema, diags) = Load(Minimal.Replace("type: 1\n", "") + "\n" + line + "\n");
        Assert.Null(schema);
        Single(diags, "XP0506");
    }

    [Fact]
    public void Typical_size_above_max_size_is_a_warning()
    {
        var (schema, diags) = Load(Minimal + "\nmaxSize: 10\ntypicalSize: 20\n");
        Assert.NotNull(schema);
        Assert.Equal(Severity.Warning, Single(diags, "XP0523").Severity);
    }

    [Theory]
    [InlineData("9lives")]
    [InlineData("with space")]
    [InlineData(".dot")]
    public void Invalid_column_name_is_an_error(string column)
    {
        var (schema, diags) = Load(Minimal + $"\n  - \"{column}\": {{type: String}}\n");
        Assert.Null(schema);
        Assert.Equal("9:5", At(Single(diags, "XP0508")));
    }

    [Fact]
    public void Duplicate_column_is_an_error_at_the_second_declaration()
    {
        var (schema, diags) = Load(Minimal + "\n  - host: {type: String}\n");
        Assert.Null(schema);
        Assert.Equal("9:5", At(Single(diags, "XP0509")));
    }

    [Fact]
    public void Unknown_column_type_is_an_error_at_the_type()
    {
        var (schema, diags) = Load(Minimal + "\n  - size: {type: Integer}\n");
        Assert.Null(schema);
        var d = Single(diags, "XP0510");
        Assert.Equal("9:18", At(d));
        Assert.Contains("Integer", d.Message);
    }

    [Fact]
    public void Column_without_type_is_an_error()
    {
        var (schema, diags) = Load(Minimal + "\n  - size: {nullable: true}\n");
        Assert.Null(schema);
        Single(diags, "XP0529");
    }

    [Fact]
    public void Unknown_column_property_is_a_warning()
    {
        var (schema, diags) = Load(Minimal + "\n  - size: {type: Number, comment: x}\n");
        Assert.NotNull(schema);
        Assert.Equal(Severity.Warning, Single(diags, "XP0515").Severity);
    }

    [Fact]
    public void Non_boolean_flag_is_an_error()
    {
        var (schema, diags) = Load(Minimal + "\n  - size: {type: Number, index: sometimes}\n");
        Assert.Null(schema);
        Single(diags, "XP0506");
    }

    [Fact]
    public void Table_without_primary_key_is_an_error()
    {
        var (schema, diags) = Load(Minimal.Replace("primaryKey: true", "primaryKey: false"));
        Assert.Null(schema);
        Assert.Equal("5:3", At(Single(diags, "XP0511")));
    }

    [Fact]
    public void Several_key_columns_without_complex_key_form_a_composite_key_with_a_warning()
    {
        var (schema, diags) = Load(Minimal + "\n  - port: {type: Number, primaryKey: true}\n");
        Assert.NotNull(schema);
        Assert.Equal([0, 1], schema.PrimaryKey.ToArray());
        Assert.Equal(Severity.Warning, Single(diags, "XP0517").Severity);
    }

    private const string CompositeHeader = """
        name: DCs
        fillType: Registry
        fields:
          - complex_key:
              type: composite
              compositeFields: [ip, hostname]
              primaryKey: true

        """;

    [Fact]
    public void Composite_field_naming_an_unknown_column_is_an_error_at_that_name()
    {
        var (schema, diags) = Load(CompositeHeader + "  - ip: {type: String}\n");
        Assert.Null(schema);
        var d = Single(diags, "XP0512");
        Assert.Equal("6:29", At(d));
        Assert.Contains("hostname", d.Message);
    }

    [Fact]
    public void Complex_key_not_first_is_an_error()
    {
        var (schema, diags) = Load("""
            name: DCs
            fillType: Registry
            fields:
              - ip: {type: String}
              - complex_key: {type: composite, compositeFields: [ip]}
            """);
        Assert.Null(schema);
        Assert.Equal("5:5", At(Single(diags, "XP0513")));
    }

    [Fact]
    public void Complex_key_without_composite_fields_is_an_error()
    {
        var (schema, diags) = Load("""
            name: DCs
            fillType: Registry
            fields:
              - complex_key: {type: composite, primaryKey: true}
              - ip: {type: String}
            """);
        Assert.Null(schema);
        Single(diags, "XP0525");
    }

    [Fact]
    public void Indexing_the_first_composite_field_is_an_error_as_in_the_pt_build()
    {
        var (schema, diags) = Load(CompositeHeader + "  - ip: {type: String, index: true}\n  - hostname: {type: String, index: true}\n");
        Assert.Null(schema);
        Assert.Contains("ip", Single(diags, "XP0514").Message);
    }

    [Fact]
    public void Primary_key_column_outside_the_complex_key_is_an_error()
    {
        var (schema, diags) = Load(CompositeHeader + "  - ip: {type: String}\n  - hostname: {type: String}\n  - mac: {type: String, primaryKey: true}\n");
        Assert.Null(schema);
        Assert.Contains("mac", Single(diags, "XP0516").Message);
    }

    [Fact]
    public void Binary_file_is_rejected_without_parsing()
    {
        var (schema, diags) = Load("name: X\0\0");
        Assert.Null(schema);
        Single(diags, "XP0001");
    }

    [Fact]
    public void Unreadable_file_is_a_diagnostic_not_an_exception()
    {
        var bag = new DiagnosticBag();
        var schema = TableSchemaLoader.LoadFile(Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid(), "table.tl"), bag);
        Assert.Null(schema);
        Assert.Equal("XP0004", Assert.Single(bag.Items).Code);
    }

    [Theory]
    [InlineData("name: [")]
    [InlineData("fields: 5")]
    [InlineData("fields:\n  - 5\n  - {a: 1, b: 2}\n  - x: 3\n")]
    [InlineData("name: X\nfillType: Registry\nfields:\n  - complex_key: {type: composite, compositeFields: [a, a]}\n  - a: {type: String}\n")]
    [InlineData("defaults: 5\nfields: []\nname: X")]
    [InlineData("*anchor")]
    [InlineData("&a [*a]")]
    [InlineData("\t\t- :")]
    public void Malformed_input_never_throws(string yaml)
    {
        var (_, diags) = Load(yaml);
        Assert.Contains(diags, d => d.IsError);
    }
}
