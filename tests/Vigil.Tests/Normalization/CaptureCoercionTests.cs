using Vigil.Events;

namespace Vigil.Tests.Normalization;

public class CaptureCoercionTests
{
    // Captures whose kind already fits the field skip FieldCoercion: what is stored must be what coercion would store.
    [Theory]
    [InlineData("{src.ip=IPV4} x", "10.1.2.3 x", "src.ip")]
    [InlineData("{src.ip=IPV6} x", "fe80:0:0:0:116b:1:2:3 x", "src.ip")]
    [InlineData("{src.ip=IP} x", "::1 x", "src.ip")]
    [InlineData("{src.ip=STRING} x", "10.1.2.3 x", "src.ip")]
    [InlineData("{src.port=NUMBER} x", "52111 x", "src.port")]
    [InlineData("{subject.account.name=NUMBER} x", "0042 x", "subject.account.name")]
    [InlineData("{subject.account.name=NUMBER} x", "42 x", "subject.account.name")]
    [InlineData("{time=DATETIME} x", "Mar  1 00:00:03 x", "time")]
    [InlineData("{event_src.hostname=HOSTNAME} x", "srv01 x", "event_src.hostname")]
    public void A_capture_stored_as_is_equals_its_coerced_value(string pattern, string line, string field)
    {
        var e = TextPatternMatcherTests.Run($"TEXT = '{pattern}'", line)!;
        var info = e.Taxonomy.Require(field);
        var stored = e.Get(field);
        Assert.False(stored.IsNull);
        var coerced = FieldCoercion.Coerce(e.Taxonomy[info], stored);
        Assert.Equal(coerced.Kind, stored.Kind);
        Assert.Equal(coerced.ToText(), stored.ToText());
    }

    [Fact]
    public void Invalid_ip_text_into_an_ip_field_is_still_refused()
    {
        var e = TextPatternMatcherTests.Run("TEXT = '{src.ip=STRING} x'", "not-an-ip x")!;
        Assert.True(e.Get("src.ip").IsNull);
    }
}
