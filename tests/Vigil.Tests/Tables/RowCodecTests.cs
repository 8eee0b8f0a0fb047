using System.Net;
using Vigil.Events;
using Vigil.Tables;
using Vigil.Tables.Persistence;

namespace Vigil.Tests.Tables;

public class RowCodecTests
{
    private static readonly TableSchema Schema = StoreSchemas.Parse("""
        name: Mixed
        fields:
          - s: {type: String, primaryKey: true, nullable: false}
          - n: {type: Number, nullable: true}
          - d: {type: DateTime, nullable: true}
          - r: {type: Regex, nullable: true}
        """);

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Values_round_trip_exactly(long number)
    {
        Value[] values = [Value.String("ключ ✓ \"quoted\"\n"), Value.Number(number), Value.DateTime(new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).Ticks + 1234567), Value.String(@"^a\d+$")];
        var row = TableRow.Create(Schema, values, 42, 7);
        Assert.True(RowCodec.TryDecode(RowCodec.Encode(row), Schema, out long written, out var back, out var error), error);
        Assert.Equal(42, written);
        for (int i = 0; i < values.Length; i++) Assert.True(values[i].SameAs(back[i]), $"column {i}: {values[i]} != {back[i]}");
    }

    [Fact]
    public void Doubles_and_nulls_round_trip()
    {
        Value[] values = [Value.String(""), Value.Double(-0.1), Value.Null, Value.Null];
        Assert.True(RowCodec.TryDecode(RowCodec.Encode(TableRow.Create(Schema, values, 0, 1)), Schema, out _, out var back, out _));
        Assert.Equal(-0.1, back[1].AsDouble);
        Assert.True(back[2].IsNull && back[3].IsNull);
        Assert.Equal("", back[0].AsString);
    }

    [Fact]
    public void Damaged_or_foreign_bytes_are_refused_with_a_reason()
    {
        var good = RowCodec.Encode(TableRow.Create(Schema, [Value.String("k"), Value.Number(300), Value.Null, Value.Null], 0, 1));
        Assert.False(RowCodec.TryDecode(good.AsSpan(0, good.Length - 1), Schema, out _, out _, out var truncated));
        Assert.NotNull(truncated);
        Assert.False(RowCodec.TryDecode([.. good, 0], Schema, out _, out _, out var stray));
        Assert.Contains("stray", stray);
        var wrongVersion = good.ToArray();
        wrongVersion[0] = 9;
        Assert.False(RowCodec.TryDecode(wrongVersion, Schema, out _, out _, out var version));
        Assert.Contains("format", version);
    }

    [Fact]
    public void A_value_of_the_wrong_kind_for_its_column_is_refused()
    {
        // Encoded as if column n held text: a damaged store must not hand a rule a string from a Number column.
        var row = TableRow.Create(Schema, [Value.String("k"), Value.String("x"), Value.Null, Value.Null], 0, 1);
        Assert.False(RowCodec.TryDecode(RowCodec.Encode(row), Schema, out _, out _, out var error));
        Assert.Equal("column 'n' (Number) holds a String value", error);
    }

    [Fact]
    public void Scalar_kinds_beyond_column_values_are_encoded_too()
    {
        var schema = StoreSchemas.Parse("""
            name: Any
            fields:
              - a: {type: String, primaryKey: true, nullable: true}
            """);
        foreach (var v in new[] { Value.True, Value.Ip(IPAddress.Parse("10.1.2.3")), Value.Mac(0x001122334455) })
        {
            var bytes = RowCodec.Encode(TableRow.Create(schema, [v], 0, 1));
            // They decode, then fail the column-type check: a String column holds text only.
            Assert.False(RowCodec.TryDecode(bytes, schema, out _, out _, out var error));
            Assert.Contains("holds a", error);
        }
    }
}
