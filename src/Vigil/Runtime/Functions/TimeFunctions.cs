using System.Globalization;
using Vigil.Events;

namespace Vigil.Runtime;

/// <summary>
/// Datetime functions. A datetime value is an instant (UTC ticks). Arguments that should be datetimes also accept
/// text parsed as in spec §7.1 and numbers as epoch seconds — the same conversion as writing to a datetime field.
/// </summary>
internal static class TimeFunctions
{
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;
    /// <summary>Ticks of 1601-01-01, the Windows FILETIME epoch.</summary>
    private const long FileTimeEpochTicks = 504911232000000000;
    private static readonly long MaxTicks = DateTime.MaxValue.Ticks;

    /// <summary>datetime(x) / maybe_datetime(x): text (§7.1), epoch seconds, or a datetime → datetime; else null.</summary>
    public static Value Datetime(ReadOnlySpan<Value> args) => FieldCoercion.ToDateTime(Args.At(args, 0));

    /// <summary>epoch_to_datetime(n): seconds since 1970 (fractions kept to the tick when given as text or double).</summary>
    public static Value EpochToDatetime(ReadOnlySpan<Value> args) => FromEpoch(Args.At(args, 0), TimeSpan.TicksPerSecond);

    /// <summary>epoch_ms_to_datetime(n): milliseconds since 1970.</summary>
    public static Value EpochMsToDatetime(ReadOnlySpan<Value> args) => FromEpoch(Args.At(args, 0), TimeSpan.TicksPerMillisecond);

    private static Value FromEpoch(in Value v, long ticksPerUnit)
    {
        if (v.TryGetNumber(out long n))
        {
            if (n > (MaxTicks - UnixEpochTicks) / ticksPerUnit || n < -UnixEpochTicks / ticksPerUnit) return Value.Null;
            return Value.DateTime(UnixEpochTicks + n * ticksPerUnit);
        }
        // Fractional epochs ("1422148000.25") are computed in decimal: a double cannot hold 10^16 ticks exactly.
        decimal d;
        if (v.Kind == ValueKind.Double)
        {
            double x = v.AsDouble;
            if (!double.IsFinite(x) || Math.Abs(x) > 1e15) return Value.Null;
            d = (decimal)x;
        }
        else if (v.Kind != ValueKind.String || v.AsString.Length > 40
                 || !decimal.TryParse(v.AsString, NumberStyles.Float, CultureInfo.InvariantCulture, out d)
                 || Math.Abs(d) > 1e15m)
            return Value.Null;
        decimal ticks = UnixEpochTicks + decimal.Floor(d * ticksPerUnit);
        return ticks >= 0 && ticks <= MaxTicks ? Value.DateTime((long)ticks) : Value.Null;
    }

    /// <summary>datetime_to_epoch(dt): whole seconds since 1970 (floor).</summary>
    public static Value DatetimeToEpoch(ReadOnlySpan<Value> args) =>
        TryTicks(args, out long t) ? Value.Number(FloorDiv(t - UnixEpochTicks, TimeSpan.TicksPerSecond)) : Value.Null;

    /// <summary>datetime_to_epoch_ms(dt): whole milliseconds since 1970 (floor).</summary>
    public static Value DatetimeToEpochMs(ReadOnlySpan<Value> args) =>
        TryTicks(args, out long t) ? Value.Number(FloorDiv(t - UnixEpochTicks, TimeSpan.TicksPerMillisecond)) : Value.Null;

    // Instants before 1970 must round down (-0.5 s is second -1), which plain division does not do.
    private static long FloorDiv(long a, long b)
    {
        long q = Math.DivRem(a, b, out long r);
        return r < 0 ? q - 1 : q;
    }

    /// <summary>datetime_to_win_ticks(dt): 100-ns intervals since 1601-01-01 (FILETIME).</summary>
    public static Value DatetimeToWinTicks(ReadOnlySpan<Value> args) =>
        TryTicks(args, out long t) ? Value.Number(t - FileTimeEpochTicks) : Value.Null;

    /// <summary>win_ticks_to_datetime(n): FILETIME → datetime; instants before 1970 are invalid per the vendor docs → null.</summary>
    public static Value WinTicksToDatetime(ReadOnlySpan<Value> args)
    {
        if (!Args.Integer(args, 0, out long n) || n < UnixEpochTicks - FileTimeEpochTicks || n > MaxTicks - FileTimeEpochTicks)
            return Value.Null;
        return Value.DateTime(n + FileTimeEpochTicks);
    }

    public static Value Year(ReadOnlySpan<Value> args) => Part(args, static d => d.Year);
    public static Value Month(ReadOnlySpan<Value> args) => Part(args, static d => d.Month);
    public static Value Day(ReadOnlySpan<Value> args) => Part(args, static d => d.Day);
    public static Value Hour(ReadOnlySpan<Value> args) => Part(args, static d => d.Hour);
    public static Value Minute(ReadOnlySpan<Value> args) => Part(args, static d => d.Minute);
    public static Value Second(ReadOnlySpan<Value> args) => Part(args, static d => d.Second);

    private static Value Part(ReadOnlySpan<Value> args, Func<DateTime, int> part) =>
        TryTicks(args, out long t) ? Value.Number(part(new DateTime(t, DateTimeKind.Utc))) : Value.Null;

    /// <summary>
    /// timezone(x): UTC offset in seconds. Datetime values are stored as UTC instants without their original zone,
    /// so only text still carries one: <c>timezone("1990-10-31T23:13:04+03:00")</c> = 10800; a datetime value or
    /// text without a zone gives 0; unparsable text → null.
    /// </summary>
    public static Value Timezone(ReadOnlySpan<Value> args)
    {
        var v = Args.At(args, 0);
        if (v.Kind == ValueKind.DateTime) return Value.Number(0);
        if (!Args.Text(args, 0, out var s)) return Value.Null;
        var text = s.AsSpan().Trim();
        if (!TimeParser.TryParse(text, out long utc)) return Value.Null;
        // The zone is a trailing "Z", "GMT"/"UTC" or ±hh[:mm] after the time of day; parse the text without it
        // as if it were UTC and take the difference.
        int zone = text.LastIndexOfAny('+', '-');
        if (zone <= 10 || text[..zone].IndexOf(':') < 0) return Value.Number(0);
        if (!TimeParser.TryParse(text[..zone], out long local)) return Value.Number(0);
        return Value.Number((local - utc) / TimeSpan.TicksPerSecond);
    }

    /// <summary>
    /// duration(s) / maybe_duration(s): "0d 1h:2m:15s" → 3735 seconds. Any of the d/h/m/s parts in that order,
    /// separated by blanks or colons ("1h", "10m", "2d 3s"); a bare integer is seconds. Anything else → null.
    /// </summary>
    public static Value Duration(ReadOnlySpan<Value> args)
    {
        var v = Args.At(args, 0);
        if (v.Kind == ValueKind.Number) return v;
        if (!Args.Text(args, 0, out var text)) return Value.Null;
        var s = text.AsSpan().Trim();
        if (s.IsEmpty) return Value.Null;
        if (Value.TryParseInteger(s, out long plain)) return Value.Number(plain);
        long total = 0;
        int lastUnit = -1, i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && (s[i] == ' ' || s[i] == ':' || s[i] == '\t')) i++;
            if (i >= s.Length) break;
            int start = i;
            long n = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                if (n > (long.MaxValue - 9) / 10) return Value.Null;
                n = n * 10 + (s[i] - '0');
                i++;
            }
            if (i == start || i >= s.Length) return Value.Null;
            int unit = char.ToLowerInvariant(s[i]) switch { 'd' => 0, 'h' => 1, 'm' => 2, 's' => 3, _ => -1 };
            if (unit <= lastUnit) return Value.Null; // unknown unit, repeated or out of order
            lastUnit = unit;
            i++;
            long mult = unit switch { 0 => 86400, 1 => 3600, 2 => 60, _ => 1 };
            if (n > (long.MaxValue - total) / mult) return Value.Null;
            total += n * mult;
        }
        return lastUnit < 0 ? Value.Null : Value.Number(total);
    }

    private static bool TryTicks(ReadOnlySpan<Value> args, out long ticks)
    {
        var dt = FieldCoercion.ToDateTime(Args.At(args, 0));
        ticks = dt.IsNull ? 0 : dt.AsTicks;
        return !dt.IsNull;
    }
}
