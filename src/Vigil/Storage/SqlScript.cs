using System.Text;

namespace Vigil.Storage;

/// <summary>
/// Splits a hunt file into statements at top-level semicolons, skipping those inside quotes and comments.
/// A hunt's result is its last statement's, and running the earlier ones separately is what lets the last be
/// streamed or wrapped in <c>COPY (…) TO</c>: DuckDB's reader cannot tell which of several results is the last.
/// Understands '…' (with ''), E'…' (with backslash escapes), "…", $tag$…$tag$, -- and /* */ comments.
/// </summary>
public static class SqlScript
{
    public static IReadOnlyList<string> Split(string sql)
    {
        var statements = new List<string>();
        int start = 0;
        bool hasCode = false; // anything but whitespace and comments since the last split
        int i = 0;
        while (i < sql.Length)
        {
            char c = sql[i];
            if (c == '-' && At(sql, i + 1, '-'))
            {
                int end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
                continue;
            }
            if (c == '/' && At(sql, i + 1, '*'))
            {
                int end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
                continue;
            }
            if (c == ';')
            {
                if (hasCode) statements.Add(sql[start..i].Trim());
                start = i + 1;
                hasCode = false;
                i++;
                continue;
            }
            if (!char.IsWhiteSpace(c)) hasCode = true;
            if (c == '\'')
            {
                bool backslash = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !IsWordChar(sql[i - 2]));
                i = SkipQuoted(sql, i, '\'', backslash);
            }
            else if (c == '"') i = SkipQuoted(sql, i, '"', false);
            else if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                int end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + tag.Length;
            }
            else i++;
        }
        if (hasCode) statements.Add(sql[start..].Trim());
        return statements;
    }

    private static bool At(string s, int i, char c) => i < s.Length && s[i] == c;

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>Index just past the closing quote; a doubled quote is an escaped one.</summary>
    private static int SkipQuoted(string s, int open, char quote, bool backslashEscapes)
    {
        int i = open + 1;
        while (i < s.Length)
        {
            char c = s[i];
            if (backslashEscapes && c == '\\') { i += 2; continue; }
            if (c == quote)
            {
                if (At(s, i + 1, quote)) { i += 2; continue; }
                return i + 1;
            }
            i++;
        }
        return s.Length;
    }

    /// <summary>The <c>$tag$</c> opening a dollar-quoted string at <paramref name="i"/>, or null (a <c>$1</c> parameter, say).</summary>
    private static string? DollarTag(string s, int i)
    {
        if (i > 0 && IsWordChar(s[i - 1])) return null;
        var tag = new StringBuilder("$");
        int j = i + 1;
        while (j < s.Length && (char.IsLetter(s[j]) || s[j] == '_' || (j > i + 1 && char.IsDigit(s[j])))) tag.Append(s[j++]);
        if (!At(s, j, '$')) return null;
        return tag.Append('$').ToString();
    }
}
