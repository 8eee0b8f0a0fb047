using System.Text.RegularExpressions;
using Vigil.Events;

namespace Vigil.Runtime;

/// <summary>match (glob), replace (glob), regex (RE2).</summary>
internal static class PatternFunctions
{
    /// <summary>match(s, glob): whole-string wildcard match (see <see cref="Glob"/>); null argument → null.</summary>
    public static Value Match(ReadOnlySpan<Value> args)
    {
        if (!Args.Text(args, 0, out var s) || !Args.Text(args, 1, out var pattern)) return Value.Null;
        return Value.Bool(Glob.IsMatch(s, pattern));
    }

    /// <summary>
    /// replace(s, replacement, glob[, max]) — note the argument order: subject, replacement, pattern. Replaces the
    /// leftmost non-overlapping matches of glob, at most max of them (absent, null or ≤ 0 = all). The replacement is
    /// literal text. An empty pattern, or one that matches only empty runs, changes nothing.
    /// <c>replace("In^vok^e", "", "^")</c> = "Invoke"; <c>replace(x, "", "*=??", 10)</c> cuts up to and including the
    /// two characters after the last '=' of the line (WEL/Sysmon/21).
    /// </summary>
    public static Value Replace(ReadOnlySpan<Value> args)
    {
        if (!Args.Text(args, 0, out var s) || !Args.Text(args, 1, out var replacement) || !Args.Text(args, 2, out var pattern))
            return Value.Null;
        long max = 0;
        if (args.Length > 3 && !args[3].IsNull && !Args.Integer(args, 3, out max)) return Value.Null;
        var unchanged = args[0].IsString ? args[0] : Value.String(s);
        if (pattern.Length == 0 || s.Length == 0) return unchanged;

        if (!Glob.HasWildcards(pattern))
        {
            if (max <= 0)
            {
                var r = s.Replace(pattern, replacement, StringComparison.Ordinal);
                return ReferenceEquals(r, s) ? unchanged : Value.String(r);
            }
            return ReplaceLiteral(s, replacement, pattern, max, unchanged);
        }

        var regex = PatternCache.GetGlobSearch(pattern);
        if (regex is null) return unchanged;
        try
        {
            System.Text.StringBuilder? sb = null;
            int last = 0;
            long count = 0;
            foreach (var m in regex.EnumerateMatches(s))
            {
                if (m.Length == 0) continue;
                sb ??= StringBuilderCache.Acquire(s.Length);
                sb.Append(s, last, m.Index - last).Append(replacement);
                last = m.Index + m.Length;
                if (++count == max) break;
            }
            if (sb is null) return unchanged;
            sb.Append(s, last, s.Length - last);
            return Value.String(StringBuilderCache.GetStringAndRelease(sb));
        }
        catch (RegexMatchTimeoutException)
        {
            return Value.Null;
        }
    }

    private static Value ReplaceLiteral(string s, string replacement, string pattern, long max, in Value unchanged)
    {
        int at = s.IndexOf(pattern, StringComparison.Ordinal);
        if (at < 0) return unchanged;
        var sb = StringBuilderCache.Acquire(s.Length);
        int last = 0;
        for (long count = 0; at >= 0 && count < max; count++)
        {
            sb.Append(s, last, at - last).Append(replacement);
            last = at + pattern.Length;
            at = s.IndexOf(pattern, last, StringComparison.Ordinal);
        }
        sb.Append(s, last, s.Length - last);
        return Value.String(StringBuilderCache.GetStringAndRelease(sb));
    }

    /// <summary>
    /// regex(s, re[, group]): the text of the first match of the RE2 pattern re in s (search, not anchored), or of
    /// capture group `group` (a number, or a group name); null when there is no match, the group did not take part,
    /// the group does not exist, any argument is null, the pattern is invalid, or matching timed out.
    /// </summary>
    public static Value Regex(ReadOnlySpan<Value> args)
    {
        if (!Args.Text(args, 0, out var s) || !Args.Text(args, 1, out var pattern)) return Value.Null;
        long group = 0;
        string? groupName = null;
        if (args.Length > 2)
        {
            var g = args[2];
            if (g.IsNull) return Value.Null;
            if (!g.TryGetNumber(out group))
            {
                groupName = g.ToText();
                if (groupName is null) return Value.Null;
            }
            if (group < 0) return Value.Null;
        }
        var re = PatternCache.GetRe2(pattern);
        if (re is null) return Value.Null;
        try
        {
            if (groupName is null && group == 0)
            {
                // Whole match: the span enumerator finds it without allocating a Match.
                foreach (var m in re.Regex.EnumerateMatches(s))
                    return Value.String(s.Substring(m.Index, m.Length));
                return Value.Null;
            }
            if (groupName is not null)
            {
                group = re.GroupNumber(groupName);
                if (group < 0) return Value.Null;
            }
            var match = re.Regex.Match(s);
            if (!match.Success || group >= match.Groups.Count) return Value.Null;
            var captured = match.Groups[(int)group];
            return captured.Success ? Value.String(captured.Value) : Value.Null;
        }
        catch (RegexMatchTimeoutException)
        {
            return Value.Null;
        }
    }
}
