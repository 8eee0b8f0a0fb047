using System.Globalization;
using System.Text;

namespace Vigil.Runtime;

/// <summary>
/// Rewrites an RE2 pattern (the dialect the vendor docs link for regex()) into an equivalent .NET pattern.
/// What differs and is handled:
/// <list type="bullet">
/// <item>\d \w \s are ASCII-only in RE2 (.NET's are Unicode) → explicit ASCII classes; \s is [\t\n\f\r ].</item>
/// <item>$ without (?m) means end of text in RE2 (.NET also matches before a final \n) → \z.</item>
/// <item>Named groups (?P&lt;n&gt;…) / (?&lt;n&gt;…): RE2 numbers them in order with the unnamed groups, .NET numbers them
/// after; they become plain groups and the name → number map is kept (<see cref="Re2Pattern"/>).</item>
/// <item>[[:alpha:]] POSIX classes, \pL one-letter classes, \Q…\E quoting, \x{10FFFF} and octal escapes.</item>
/// <item>'[' inside a class is escaped (.NET would read "-[" as class subtraction).</item>
/// </list>
/// Anything RE2 rejects and .NET would accept differently (backreferences) yields null = bad pattern.
/// </summary>
internal static class Re2Translator
{
    public static string? Translate(string p, out Dictionary<string, int>? groupNames)
    {
        groupNames = null;
        bool multiline = HasMultilineFlag(p);
        var sb = new StringBuilder(p.Length + 16);
        bool inClass = false;
        int classLen = 0;
        int groupCount = 0;
        for (int i = 0; i < p.Length; i++)
        {
            char c = p[i];
            if (c == '\\')
            {
                if (i + 1 >= p.Length) return null;
                char d = p[++i];
                switch (d)
                {
                    case 'd': sb.Append(inClass ? "0-9" : "[0-9]"); break;
                    case 'D': sb.Append(inClass ? @"\D" : "[^0-9]"); break;
                    case 'w': sb.Append(inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]"); break;
                    case 'W': sb.Append(inClass ? @"\W" : "[^0-9A-Za-z_]"); break;
                    case 's': sb.Append(inClass ? @"\t\n\f\r " : @"[\t\n\f\r ]"); break;
                    case 'S': sb.Append(inClass ? @"\S" : @"[^\t\n\f\r ]"); break;
                    case 'p' or 'P':
                        if (i + 1 >= p.Length) return null;
                        if (p[i + 1] == '{') sb.Append('\\').Append(d);
                        else sb.Append('\\').Append(d).Append('{').Append(p[++i]).Append('}');
                        break;
                    case 'Q':
                        {
                            int end = p.IndexOf(@"\E", i + 1, StringComparison.Ordinal);
                            int stop = end < 0 ? p.Length : end;
                            for (int k = i + 1; k < stop; k++) AppendLiteral(sb, p[k]);
                            if (inClass) classLen += stop - i - 1;
                            i = end < 0 ? p.Length : end + 1;
                            break;
                        }
                    case 'E': break; // a stray \E is ignored by RE2
                    case 'x':
                        if (i + 1 < p.Length && p[i + 1] == '{')
                        {
                            int close = p.IndexOf('}', i + 2);
                            if (close < 0 || !int.TryParse(p.AsSpan(i + 2, close - i - 2), NumberStyles.AllowHexSpecifier,
                                    CultureInfo.InvariantCulture, out int cp) || !AppendCodePoint(sb, cp, inClass))
                                return null;
                            i = close;
                        }
                        else sb.Append(@"\x");
                        break;
                    case 'C': sb.Append(inClass ? @"\s\S" : "."); break; // "any byte": closest is any char
                    case >= '0' and <= '7':
                        {
                            // RE2: \1-\7 alone would be a backreference (unsupported); \0, \12, \123 are octal codes.
                            int k = i, code = 0;
                            while (k < p.Length && k - i < 3 && p[k] is >= '0' and <= '7') code = code * 8 + (p[k++] - '0');
                            if (d != '0' && k - i == 1) return null;
                            if (!AppendCodePoint(sb, code, inClass)) return null;
                            i = k - 1;
                            break;
                        }
                    case '8' or '9': return null;
                    default: sb.Append('\\').Append(d); break;
                }
                if (inClass) classLen++;
                continue;
            }

            if (inClass)
            {
                if (c == '[' && i + 1 < p.Length && p[i + 1] == ':')
                {
                    int close = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    if (close > 0)
                    {
                        var cls = PosixClass(p.AsSpan(i + 2, close - i - 2));
                        if (cls is null) return null;
                        sb.Append(cls);
                        i = close + 1;
                        classLen++;
                        continue;
                    }
                }
                if (c == ']' && classLen > 0) { inClass = false; sb.Append(']'); continue; }
                if (c == '[') sb.Append(@"\[");
                else sb.Append(c);
                classLen++;
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    classLen = 0;
                    sb.Append('[');
                    if (i + 1 < p.Length && p[i + 1] == '^') { sb.Append('^'); i++; }
                    if (i + 1 < p.Length && p[i + 1] == ']') { sb.Append(@"\]"); i++; classLen = 1; }
                    break;
                case '(':
                    if (i + 1 < p.Length && p[i + 1] == '?')
                    {
                        int nameStart = p.AsSpan(i).StartsWith("(?P<") ? i + 4
                            : p.AsSpan(i).StartsWith("(?<") && i + 3 < p.Length && p[i + 3] != '=' && p[i + 3] != '!' ? i + 3
                            : -1;
                        if (p.AsSpan(i).StartsWith("(?P=")) return null; // backreference: RE2 rejects it
                        if (nameStart >= 0)
                        {
                            int close = p.IndexOf('>', nameStart);
                            if (close <= nameStart) return null;
                            groupCount++;
                            groupNames ??= new Dictionary<string, int>(StringComparer.Ordinal);
                            if (!groupNames.TryAdd(p.Substring(nameStart, close - nameStart), groupCount)) return null;
                            sb.Append('(');
                            i = close;
                        }
                        else sb.Append('(');
                    }
                    else
                    {
                        groupCount++;
                        sb.Append('(');
                    }
                    break;
                case '$':
                    sb.Append(multiline ? "$" : @"\z");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        if (inClass) return null;
        return sb.ToString();
    }

    // (?m) or (?im:…) anywhere: then $ keeps its per-line meaning. Scoped flags are approximated as global.
    private static bool HasMultilineFlag(string p)
    {
        for (int i = p.IndexOf("(?", StringComparison.Ordinal); i >= 0; i = p.IndexOf("(?", i + 2, StringComparison.Ordinal))
        {
            bool off = false;
            for (int k = i + 2; k < p.Length && (char.IsAsciiLetter(p[k]) || p[k] == '-'); k++)
            {
                if (p[k] == '-') off = true;
                else if (p[k] == 'm' && !off) return true;
            }
        }
        return false;
    }

    private static void AppendLiteral(StringBuilder sb, char c)
    {
        if (@"\*+?|{}()[]^$.#-".Contains(c)) sb.Append('\\');
        sb.Append(c);
    }

    private static bool AppendCodePoint(StringBuilder sb, int cp, bool inClass)
    {
        if (cp < 0 || cp > 0x10FFFF) return false;
        if (cp <= 0xFFFF)
        {
            sb.Append(@"\u").Append(cp.ToString("X4", CultureInfo.InvariantCulture));
            return true;
        }
        if (inClass) return false; // a surrogate pair cannot be one class member in .NET
        var s = char.ConvertFromUtf32(cp);
        sb.Append(@"(?:\u").Append(((int)s[0]).ToString("X4", CultureInfo.InvariantCulture))
          .Append(@"\u").Append(((int)s[1]).ToString("X4", CultureInfo.InvariantCulture)).Append(')');
        return true;
    }

    private static string? PosixClass(ReadOnlySpan<char> name) => name switch
    {
        "alnum" => "0-9A-Za-z",
        "alpha" => "A-Za-z",
        "ascii" => @"\x00-\x7F",
        "blank" => @"\t ",
        "cntrl" => @"\x00-\x1F\x7F",
        "digit" => "0-9",
        "graph" => @"!-~",
        "lower" => "a-z",
        "print" => @" -~",
        "punct" => @"!-/:-@\[-`{-~",
        "space" => @"\t\n\v\f\r ",
        "upper" => "A-Z",
        "word" => "0-9A-Za-z_",
        "xdigit" => "0-9A-Fa-f",
        _ => null, // negated [:^x:] or unknown: not expressible inside a .NET class → bad pattern
    };
}
