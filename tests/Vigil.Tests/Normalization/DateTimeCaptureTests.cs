using Vigil.Events;

namespace Vigil.Tests.Normalization;

public class DateTimeCaptureTests
{
    // The DATETIME token's parse is reused when its capture is written: the stored instant must be the one a
    // fresh parse of the captured text gives (what the capture was before the reuse), whatever follows the time.
    [Theory]
    [InlineData("Mar  1 00:00:03", " x")]
    [InlineData("Mar 11 23:59:59", " x")]
    [InlineData("Mar  1 00:00:03 2024", " x")]
    [InlineData("2024-03-01T00:00:03Z", " x")]
    [InlineData("2024-03-01T00:00:03.123456+02:00", " x")]
    [InlineData("2024-03-01 00:00:03", " x")]
    [InlineData("2024-03-01", " x")]
    [InlineData("01/Mar/2024:00:00:03 +0000", " x")]
    [InlineData("Fri, 01 Mar 2024 00:00:03 GMT", " x")]
    [InlineData("2024-03-01T00:00:03Z", "x")]
    public void A_time_captured_into_a_time_field_is_the_instant_its_text_parses_to(string time, string rest)
    {
        var e = TextPatternMatcherTests.Run("TEXT = '{time=DATETIME}{REST}'", time + rest);
        Assert.NotNull(e);
        var stored = e.Get("time");
        var expected = FieldCoercion.Coerce(e.Taxonomy[e.Taxonomy.Require("time")], Value.String(time));
        Assert.Equal(expected.Kind, stored.Kind);
        Assert.Equal(expected.ToText(), stored.ToText());
    }
}
