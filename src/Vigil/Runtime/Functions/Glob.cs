using System.Text;

namespace Vigil.Runtime;

/// <summary>
/// The wildcard patterns of match() and replace(): <c>?</c> one character, <c>*</c> any run, <c>[abc]</c>,
/// <c>[a-d]</c>, <c>[!…]</c> (also <c>[^…]</c>); a <c>]</c> right after <c>[</c> or <c>[!</c> is a member; a <c>[</c>
/// without a closing <c>]</c> is literal. Two backslashes stand for one; any other backslash is literal, so both
/// ways the corpus writes Windows paths work: <c>"?:\windows\...\*"</c> (a backslash, then the wildcard:
/// UAC_Bypass_Via_Consent) and <c>"?:\\windows\\..."</c> (UACBypass_via_EventVwr test 3).
/// </summary>
internal static class Glob
{
    public static bool HasWildcards(ReadOnlySpan<char> pattern) => pattern.IndexOfAny('*', '?', '[') >= 0;

    /// <summary>True when the backslash at <paramref name="i"/> escapes the character after it.</summary>
    internal static bool IsEscape(ReadOnlySpan<char> pattern, int i) =>
        pattern[i] == '\\' && i + 1 < pattern.Length && pattern[i + 1] == '\\';

    /// <summary>
    /// Whole-string match, case-sensitive; <c>*</c> and <c>?</c> match any character including line breaks
    /// (a multi-line command line must still match <c>"*-enc*"</c>). Allocation-free; the classic
    /// single-backtrack-point algorithm is O(text × pattern) in the worst case, never exponential.
    /// </summary>
    public static bool IsMatch(ReadOnlySpan<char> text, ReadOnlySpan<char> pattern)
    {
        int t = 0, p = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length)
            {
                char pc = pattern[p];
                if (IsEscape(pattern, p))
                {
                    if (pattern[p + 1] == text[t])
                    {
                        p += 2;
                        t++;
                        continue;
                    }
                }
                else if (pc == '*')
                {
                    while (p < pattern.Length && pattern[p] == '*') p++;
                    if (p == pattern.Length) return true;
                    starP = p;
                    starT = t;
                    continue;
                }
                else if (pc == '?')
                {
                    // One character: a surrogate pair is one character.
                    t += char.IsHighSurrogate(text[t]) && t + 1 < text.Length && char.IsLowSurrogate(text[t + 1]) ? 2 : 1;
                    p++;
                    continue;
                }
                else if ((pc == '[' ? ClassEnd(pattern, p) : -1) is var end && end > 0)
                {
                    if (ClassMatches(pattern, p, end, text[t]))
                    {
                        p = end + 1;
                        t++;
                        continue;
                    }
                }
                else if (pc == text[t])
                {
                    p++;
                    t++;
                    continue;
                }
            }
            if (starP < 0) return false;
            // Let the last '*' absorb one more character and retry from there.
            p = starP;
            t = ++starT;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    /// <summary>Index of the ']' closing the class that opens at <paramref name="open"/>, or -1 (then '[' is literal).</summary>
    internal static int ClassEnd(ReadOnlySpan<char> pattern, int open)
    {
        int j = open + 1;
        if (j < pattern.Length && (pattern[j] == '!' || pattern[j] == '^')) j++;
        if (j < pattern.Length && pattern[j] == ']') j++;
        while (j < pattern.Length && pattern[j] != ']') j++;
        return j < pattern.Length ? j : -1;
    }

    private static bool ClassMatches(ReadOnlySpan<char> pattern, int open, int end, char c)
    {
        int k = open + 1;
        bool negate = pattern[k] == '!' || pattern[k] == '^';
        if (negate) k++;
        bool hit = false;
        while (k < end)
        {
            if (k + 2 < end && pattern[k + 1] == '-')
            {
                if (c >= pattern[k] && c <= pattern[k + 2]) hit = true;
                k += 3;
            }
            else
            {
                if (c == pattern[k]) hit = true;
                k++;
            }
        }
        return hit != negate;
    }

    /// <summary>
    /// The .NET regex that finds a glob inside text, for replace(). Here <c>*</c> is greedy and, like <c>?</c>,
    /// stops at a line feed (RE2's <c>.</c>): the PowerShell 4103 formulas rely on both —
    /// <c>replace(x, '', 'CommandInvocation(*):')</c> must remove one "CommandInvocation(Get-Process):" per line, and
    /// <c>replace(x, '', 'NonTerminatingError(*')</c> must remove the rest of that line only (4103 tests 4, 10, 11).
    /// </summary>
    public static string ToSearchRegex(string glob)
    {
        var sb = new StringBuilder(glob.Length + 8);
        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            if (IsEscape(glob, i))
            {
                AppendEscaped(sb, glob[++i]);
                continue;
            }
            switch (c)
            {
                case '*':
                    while (i + 1 < glob.Length && glob[i + 1] == '*') i++;
                    sb.Append(".*");
                    break;
                case '?':
                    sb.Append('.');
                    break;
                case '[':
                    int end = ClassEnd(glob, i);
                    if (end < 0) { sb.Append(@"\["); break; }
                    AppendClass(sb, glob.AsSpan(i, end - i + 1));
                    i = end;
                    break;
                default:
                    AppendEscaped(sb, c);
                    break;
            }
        }
        return sb.ToString();
    }

    private static void AppendClass(StringBuilder sb, ReadOnlySpan<char> cls)
    {
        sb.Append('[');
        int k = 1, end = cls.Length - 1;
        if (cls[k] == '!' || cls[k] == '^') { sb.Append('^'); k++; }
        while (k < end)
        {
            if (k + 2 < end && cls[k + 1] == '-')
            {
                AppendEscaped(sb, cls[k]);
                sb.Append('-');
                AppendEscaped(sb, cls[k + 2]);
                k += 3;
            }
            else AppendEscaped(sb, cls[k++]);
        }
        sb.Append(']');
    }

    // Escapes everything .NET gives a meaning to, in or out of a class; control characters by code.
    private static void AppendEscaped(StringBuilder sb, char c)
    {
        if (c < ' ' || c == '\x7F')
        {
            sb.Append(@"\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            return;
        }
        if (@"\*+?|{}()[]^$.#- ".Contains(c)) sb.Append('\\');
        sb.Append(c);
    }
}
