using Vigil.Events;
using Vigil.Runtime;
using static Vigil.Tests.Runtime.Fn;

namespace Vigil.Tests.Runtime;

public class TimeFunctionTests
{
    [Fact]
    public void Epoch_to_datetime_converts_auditd_timestamps()
    {
        // AUD/*: time = epoch_to_datetime(number($timestamp))
        var t = Call("epoch_to_datetime", Call("number", S("1558213868")));
        Assert.Equal(ValueKind.DateTime, t.Kind);
        Assert.Equal("2019-05-18T21:11:08.000Z", t.ToText());
        Assert.Equal("2015-01-25T01:06:40.000Z", Call("epoch_to_datetime", S("1422148000")).ToText());
        Assert.Equal("2015-01-25T01:06:40.250Z", Call("epoch_to_datetime", S("1422148000.25")).ToText());
        Assert.True(Call("epoch_to_datetime", Null).IsNull);
        Assert.True(Call("epoch_to_datetime", S("soon")).IsNull);
        Assert.True(Call("epoch_to_datetime", N(long.MaxValue)).IsNull);
    }

    [Fact]
    public void Epoch_ms_to_datetime_converts_milliseconds()
    {
        Assert.Equal("2021-07-05T11:44:56.539Z", Call("epoch_ms_to_datetime", N(1625485496539)).ToText());
    }

    [Fact]
    public void Datetime_parses_sysmon_time_and_truncates_fractions()
    {
        Assert.Equal("2017-08-30T22:50:07.317Z", Call("datetime", S("2017-08-30 22:50:07.317")).ToText());
        Assert.Equal("2014-05-28T11:40:37.423Z", Call("maybe_datetime", S("2014-05-28T11:40:37.423531300Z")).ToText());
        Assert.Equal("1990-10-31T20:13:04.000Z", Call("datetime", S("1990-10-31T23:13:04+03:00")).ToText());
        Assert.True(Call("datetime", S("yesterday")).IsNull);
        Assert.True(Call("maybe_datetime", Null).IsNull);
    }

    [Fact]
    public void Datetime_to_epoch_ms_plus_capture_matches_teamcity()
    {
        // TeamCity: numfield3 = datetime_to_epoch_ms("2021-07-05 11:44:56") + 539
        var ms = Call("datetime_to_epoch_ms", S("2021-07-05 11:44:56"));
        Assert.Equal(1625485496539, Operators.Add(ms, N(539)).AsNumber);
    }

    [Fact]
    public void Datetime_to_epoch_and_win_ticks_follow_the_vendor_examples()
    {
        Assert.Equal(1422148000, Num("datetime_to_epoch", S("2015-01-25T01:06:40")));
        Assert.Equal(1422148000000, Num("datetime_to_epoch_ms", S("2015-01-25T01:06:40")));
        Assert.Equal(130666216000000000, Num("datetime_to_win_ticks", S("2015-01-25T01:06:40")));
        Assert.Equal(13066621600, Num("div", Call("datetime_to_win_ticks", S("2015-01-25T01:06:40")), N(10000000)));
        Assert.Equal("2015-01-25T01:06:40.000Z", Call("win_ticks_to_datetime", N(130666216000000000)).ToText());
        Assert.Equal(-1, Num("datetime_to_epoch", S("1969-12-31T23:59:59.500Z")));
        Assert.Null(Num("datetime_to_epoch", S("garbage")));
        Assert.Null(Num("datetime_to_epoch_ms", Null));
    }

    [Fact]
    public void Win_ticks_before_1970_or_out_of_range_are_null()
    {
        Assert.True(Call("win_ticks_to_datetime", N(0)).IsNull);
        Assert.True(Call("win_ticks_to_datetime", N(-5)).IsNull);
        Assert.True(Call("win_ticks_to_datetime", N(long.MaxValue)).IsNull);
        Assert.True(Call("win_ticks_to_datetime", S("x")).IsNull);
    }

    [Fact]
    public void Date_parts_are_utc()
    {
        var t = S("1990-10-31T02:13:04+03:00");
        Assert.Equal(1990, Num("year", t));
        Assert.Equal(10, Num("month", t));
        Assert.Equal(30, Num("day", t));
        Assert.Equal(23, Num("hour", t));
        Assert.Equal(13, Num("minute", t));
        Assert.Equal(4, Num("second", t));
        Assert.Equal(20, Num("hour", S("1990-10-31T23:13:04+03:00")));
        Assert.Null(Num("year", Null));
        Assert.Null(Num("month", S("never")));
    }

    [Fact]
    public void Timezone_reads_the_offset_written_in_the_text()
    {
        Assert.Equal(10800, Num("timezone", S("1990-10-31T23:13:04+03:00")));
        Assert.Equal(-25200, Num("timezone", S("10/Oct/2000:13:55:36 -0700")));
        Assert.Equal(0, Num("timezone", S("1990-10-31T23:13:04Z")));
        Assert.Equal(0, Num("timezone", S("1990-10-31 23:13:04")));
        Assert.Equal(0, Num("timezone", Call("datetime", S("1990-10-31T23:13:04+03:00"))));
        Assert.Null(Num("timezone", S("soon")));
        Assert.Null(Num("timezone", Null));
    }

    [Fact]
    public void Duration_converts_days_hours_minutes_seconds()
    {
        Assert.Equal(3735, Num("duration", S("0d 1h:2m:15s")));
        Assert.Equal(3735, Num("maybe_duration", S("0d 1h:2m:15s")));
        Assert.Equal(1, Num("div", Call("duration", S("0d 1h:2m:15s")), N(3600)));
        Assert.Equal(600, Num("duration", S("10m")));
        Assert.Equal(7200, Num("duration", S("2h")));
        Assert.Equal(172803, Num("duration", S("2d 3s")));
        Assert.Equal(42, Num("duration", S("42")));
        Assert.Null(Num("duration", S("1h 1h")));
        Assert.Null(Num("duration", S("5x")));
        Assert.Null(Num("maybe_duration", S("")));
        Assert.Null(Num("maybe_duration", Null));
    }
}
