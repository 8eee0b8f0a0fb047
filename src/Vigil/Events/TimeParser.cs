namespace Vigil.Events;

/// <summary>
/// Parses the date/time texts events carry (spec normalization §7.1), without allocating:
/// ISO-8601 with 'T' or space, any '.' fraction length (truncated, not rounded), optional Z or ±hh[:]mm
/// (a ',' fraction is not read: formulas split "…:56,539" themselves, TeamCity get_chain_id);
/// BSD syslog "Mon dd HH:MM:SS" (year from <see cref="SyslogYear"/>); Apache "dd/Mon/yyyy:HH:MM:SS ±zzzz";
/// RFC 1123 "Tue, 03 Jan 2023 10:00:00 GMT". Text without a zone is UTC.
/// </summary>
public static class TimeParser
{
    /// <summary>Year assumed for syslog timestamps, which carry none, when no reference time is set. Defaults to the current UTC year.</summary>
    public static int SyslogYear { get; set; } = System.DateTime.UtcNow.Year;

    // When the event was received (envelope recv_time), per thread: a syslog date takes that year, or the one
    // before when its month lies ahead (December lines received in January).
    [ThreadStatic] private static long t_referenceTicks;

    /// <summary>Sets (or, with null, clears) the reference time that dates without a year are resolved against, for this thread.</summary>
    public static void SetReference(long? utcTicks) => t_referenceTicks = utcTicks ?? 0;

    private static int YearFor(int month)
    {
        if (t_referenceTicks == 0) return SyslogYear;
        var r = new System.DateTime(t_referenceTicks, DateTimeKind.Utc);
        return month > r.Month + 1 ? r.Year - 1 : r.Year;
    }

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>Parses the whole text (surrounding whitespace allowed).</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out long utcTicks)
    {
        s = s.Trim();
        return TryParsePrefix(s, out utcTicks, out int used) && used == s.Length;
    }

    /// <summary>Parses the longest date/time at the start of <paramref name="s"/>.</summary>
    public static bool TryParsePrefix(ReadOnlySpan<char> s, out long utcTicks, out int consumed)
    {
        utcTicks = 0;
        consumed = 0;
        if (s.IsEmpty) return false;
        if (char.IsAsciiDigit(s[0]))
            return TryIso(s, out utcTicks, out consumed) || TryClf(s, out utcTicks, out consumed);
        if (char.IsAsciiLetter(s[0]))
            return TrySyslog(s, out utcTicks, out consumed) || TryRfc1123(s, out utcTicks, out consumed);
        return false;
    }

    private static bool TryIso(ReadOnlySpan<char> s, out long ticks, out int consumed)
    {
        ticks = 0; consumed = 0;
        int i = 0;
        if (!Digits(s, ref i, 4, out int year) || !Expect(s, ref i, '-') || !Digits(s, ref i, 2, out int month)
            || !Expect(s, ref i, '-') || !Digits(s, ref i, 2, out int day)) return false;
        int hour = 0, minute = 0, second = 0;
        long fracTicks = 0;
        int dateEnd = i;
        if (i < s.Length && (s[i] == 'T' || s[i] == ' ' || s[i] == 't'))
        {
            int j = i + 1;
            if (Digits(s, ref j, 2, out hour) && Expect(s, ref j, ':') && Digits(s, ref j, 2, out minute))
            {
                i = j;
                if (i < s.Length && s[i] == ':')
                {
                    j = i + 1;
                    if (!Digits(s, ref j, 2, out second)) return false;
                    i = j;
                    if (i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
                    {
                        i++;
                        int digits = 0;
                        while (i < s.Length && char.IsAsciiDigit(s[i]))
                        {
                            if (digits < 7) fracTicks = fracTicks * 10 + (s[i] - '0');
                            digits++;
                            i++;
                        }
                        for (int k = digits; k < 7; k++) fracTicks *= 10;
                    }
                }
            }
            else i = dateEnd;
        }
        long offsetTicks = 0;
        if (i < s.Length && (s[i] == 'Z' || s[i] == 'z')) i++;
        else if (i > dateEnd && i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            int j = i + 1;
            if (Digits(s, ref j, 2, out int oh))
            {
                int om = 0;
                if (j < s.Length && s[j] == ':') j++;
                if (j + 1 < s.Length + 1 && Digits(s, ref j, 2, out int m2)) om = m2;
                offsetTicks = (oh * 60L + om) * TimeSpan.TicksPerMinute * (s[i] == '-' ? -1 : 1);
                i = j;
            }
        }
        if (!Build(year, month, day, hour, minute, second, out ticks)) return false;
        ticks += fracTicks - offsetTicks;
        consumed = i;
        return true;
    }

    // "Sep 27 20:12:08" or "Aug  1 00:00:00", optionally followed by a 4-digit year.
    private static bool TrySyslog(ReadOnlySpan<char> s, out long ticks, out int consumed)
    {
        ticks = 0; consumed = 0;
        int i = 0;
        if (!Month(s, ref i, out int month)) return false;
        if (i >= s.Length || s[i] != ' ') return false;
        while (i < s.Length && s[i] == ' ') i++;
        if (!DigitsVar(s, ref i, 1, 2, out int day)) return false;
        if (i >= s.Length || s[i] != ' ') return false;
        i++;
        if (!Digits(s, ref i, 2, out int hour) || !Expect(s, ref i, ':') || !Digits(s, ref i, 2, out int minute)
            || !Expect(s, ref i, ':') || !Digits(s, ref i, 2, out int second)) return false;
        long frac = 0;
        if (i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
        {
            i++;
            int digits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                if (digits < 7) frac = frac * 10 + (s[i] - '0');
                digits++; i++;
            }
            for (int k = digits; k < 7; k++) frac *= 10;
        }
        int year = YearFor(month);
        if (i + 4 < s.Length + 1 && i < s.Length && s[i] == ' ')
        {
            int j = i + 1;
            if (Digits(s, ref j, 4, out int y) && (j == s.Length || !char.IsAsciiDigit(s[j]))) { year = y; i = j; }
        }
        if (!Build(year, month, day, hour, minute, second, out ticks)) return false;
        ticks += frac;
        consumed = i;
        return true;
    }

    // "10/Oct/2000:13:55:36 -0700"
    private static bool TryClf(ReadOnlySpan<char> s, out long ticks, out int consumed)
    {
        ticks = 0; consumed = 0;
        int i = 0;
        if (!DigitsVar(s, ref i, 1, 2, out int day) || !Expect(s, ref i, '/') || !Month(s, ref i, out int month)
            || !Expect(s, ref i, '/') || !Digits(s, ref i, 4, out int year) || !Expect(s, ref i, ':')
            || !Digits(s, ref i, 2, out int hour) || !Expect(s, ref i, ':') || !Digits(s, ref i, 2, out int minute)
            || !Expect(s, ref i, ':') || !Digits(s, ref i, 2, out int second)) return false;
        long offset = 0;
        if (i + 5 <= s.Length && s[i] == ' ' && (s[i + 1] == '+' || s[i + 1] == '-'))
        {
            int j = i + 2;
            if (Digits(s, ref j, 2, out int oh) && Digits(s, ref j, 2, out int om))
            {
                offset = (oh * 60L + om) * TimeSpan.TicksPerMinute * (s[i + 1] == '-' ? -1 : 1);
                i = j;
            }
        }
        if (!Build(year, month, day, hour, minute, second, out ticks)) return false;
        ticks -= offset;
        consumed = i;
        return true;
    }

    // "Tue, 03 Jan 2023 10:00:00 GMT"
    private static bool TryRfc1123(ReadOnlySpan<char> s, out long ticks, out int consumed)
    {
        ticks = 0; consumed = 0;
        int i = 0;
        while (i < s.Length && char.IsAsciiLetter(s[i])) i++;
        if (i != 3 || !Expect(s, ref i, ',') || !Expect(s, ref i, ' ')) return false;
        if (!DigitsVar(s, ref i, 1, 2, out int day) || !Expect(s, ref i, ' ') || !Month(s, ref i, out int month)
            || !Expect(s, ref i, ' ') || !Digits(s, ref i, 4, out int year) || !Expect(s, ref i, ' ')
            || !Digits(s, ref i, 2, out int hour) || !Expect(s, ref i, ':') || !Digits(s, ref i, 2, out int minute)
            || !Expect(s, ref i, ':') || !Digits(s, ref i, 2, out int second)) return false;
        if (s[i..].StartsWith(" GMT", StringComparison.Ordinal) || s[i..].StartsWith(" UTC", StringComparison.Ordinal)) i += 4;
        if (!Build(year, month, day, hour, minute, second, out ticks)) return false;
        consumed = i;
        return true;
    }

    private static bool Build(int year, int month, int day, int hour, int minute, int second, out long ticks)
    {
        ticks = 0;
        if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > System.DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 60) return false;
        if (second == 60) second = 59; // leap second: clamp rather than reject
        ticks = new System.DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks;
        return true;
    }

    private static bool Month(ReadOnlySpan<char> s, ref int i, out int month)
    {
        month = 0;
        if (i + 3 > s.Length) return false;
        var m = s.Slice(i, 3);
        for (int k = 0; k < 12; k++)
        {
            if (m.Equals(Months[k], StringComparison.OrdinalIgnoreCase))
            {
                month = k + 1;
                i += 3;
                return true;
            }
        }
        return false;
    }

    private static bool Digits(ReadOnlySpan<char> s, ref int i, int count, out int value)
    {
        value = 0;
        if (i + count > s.Length) return false;
        for (int k = 0; k < count; k++)
        {
            char c = s[i + k];
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        i += count;
        return true;
    }

    private static bool DigitsVar(ReadOnlySpan<char> s, ref int i, int min, int max, out int value)
    {
        value = 0;
        int n = 0;
        while (n < max && i + n < s.Length && char.IsAsciiDigit(s[i + n])) { value = value * 10 + (s[i + n] - '0'); n++; }
        if (n < min) return false;
        i += n;
        return true;
    }

    private static bool Expect(ReadOnlySpan<char> s, ref int i, char c)
    {
        if (i < s.Length && s[i] == c) { i++; return true; }
        return false;
    }
}
