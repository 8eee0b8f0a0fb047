using Vigil.Events;

namespace Vigil.Tests.Events;

public class TaxonomyTests
{
    [Fact]
    public void Embedded_taxonomy_resolves_fields_with_their_types()
    {
        var t = Taxonomy.Default;
        Assert.True(t.TryGetField("src.port", out var port));
        Assert.Equal(FieldType.Number, port.Type);
        Assert.True(t.TryGetField("time", out var time));
        Assert.Equal(FieldType.DateTime, time.Type);
        Assert.False(t.TryGetField("no.such.field", out _));
    }

    [Fact]
    public void Writing_a_numeric_string_to_a_number_field_stores_a_number()
    {
        var e = new NormalizedEvent(Taxonomy.Default);
        e.Set("src.port", Value.String("58751"));
        Assert.Equal(ValueKind.Number, e.Get("src.port").Kind);
        Assert.Equal(58751, e.Get("src.port").AsNumber);
    }

    [Fact]
    public void Writing_garbage_to_a_number_field_leaves_it_unset()
    {
        var e = new NormalizedEvent(Taxonomy.Default);
        e.Set("src.port", Value.String("http"));
        Assert.True(e.Get("src.port").IsNull);
        Assert.Equal(0, e.Count);
    }

    [Fact]
    public void Time_is_serialized_as_iso_utc_with_milliseconds_truncated()
    {
        var e = new NormalizedEvent(Taxonomy.Default);
        e.Set("time", Value.String("2014-05-28T11:40:37.423531300Z"));
        Assert.Equal("2014-05-28T11:40:37.423Z", e.Get("time").ToText());
    }

    [Fact]
    public void Number_written_to_a_string_field_becomes_its_decimal_text()
    {
        var e = new NormalizedEvent(Taxonomy.Default);
        e.Set("subject.account.session_id", Value.Number(999));
        Assert.Equal("999", e.Get("subject.account.session_id").AsString);
    }
}
