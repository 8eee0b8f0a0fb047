using Vigil.Events;

namespace Vigil.Runtime;

/// <summary>csv and keyvalue: split structured text into a list / a map.</summary>
internal static class SplitFunctions
{
    /// <summary>
    /// csv(s, sep[, quote]): split s on sep (any length). An item that starts with the quote character (after
    /// blanks) runs to the matching closing quote, so it may contain sep; the quotes are removed and a doubled
    /// quote inside stands for one quote. A quote character elsewhere in an item is ordinary text (paths like
    /// <c>/home/o'brien</c> survive <c>csv(path, "/", "'")</c>). quote "" = no quoting; empty s → [""].
    /// A list as first argument is split item by item into one flat list (the docs allow String or List).
    /// </summary>
    public static Value Csv(ReadOnlySpan<Value> args)
    {
        if (!Args.Text(args, 1, out var sep)) return Value.Null;
        char quote = '\0';
        bool quoting = false;
        if (args.Length > 2)
        {
            if (!Args.Text(args, 2, out var q)) return Value.Null;
            if (q.Length > 0) { quote = q[0]; quoting = true; }
        }
        var first = Args.At(args, 0);
        if (first.Kind == ValueKind.List)
        {
            var items = first.AsList;
            var all = new List<Value>(items.Count * 2);
            foreach (var item in items)
            {
                var t = item.ToText();
                if (t is not null) SplitInto(all, t, sep, quoting, quote);
            }
            return Value.List(all);
        }
        if (!Args.Text(args, 0, out var s)) return Value.Null;
        // Sized from the separator count: paths split into many items, and growing the list was a hot spot.
        int expected = sep.Length == 1 ? s.AsSpan().Count(sep[0]) + 1 : 4;
        var list = new List<Value>(expected);
        SplitInto(list, s, sep, quoting, quote);
        return Value.List(list);
    }

    // An empty item (between two separators, or after a trailing one) is null: 5145's
    // `object.name = csv(path, "\\", "'")[last]` then `if object.name == null` relies on it for "\sysvol\\".
    private static Value Item(string item) => item.Length == 0 ? Value.Null : Value.String(item);

    // Path parts, accounts and domains repeat across events: shared instances (see Shared) instead of copies.
    private static Value Item(ReadOnlySpan<char> item) => item.IsEmpty ? Value.Null : Value.String(Shared(item));

    private static void SplitInto(List<Value> list, string s, string sep, bool quoting, char quote)
    {
        if (sep.Length == 0) { list.Add(Value.String(s)); return; }
        if (quoting && s.IndexOf(quote) < 0) quoting = false; // the common case: plain split
        int i = 0;
        while (true)
        {
            if (quoting && TryQuotedItem(s, sep, quote, i, out var item, out int next))
            {
                list.Add(Value.String(item));
                if (next < 0) return;
                i = next;
                continue;
            }
            int at = IndexOf(s, sep, i);
            if (at < 0)
            {
                list.Add(i == 0 ? Item(s) : Item(s.AsSpan(i)));
                return;
            }
            list.Add(Item(s.AsSpan(i, at - i)));
            i = at + sep.Length;
        }
    }

    // A quoted item starting at i (blanks before the quote allowed). On success `next` is the index after the
    // separator that ends the item, or -1 at the end of s. Text between the closing quote and the separator is kept.
    private static bool TryQuotedItem(string s, string sep, char quote, int i, out string item, out int next)
    {
        item = string.Empty;
        next = -1;
        int k = i;
        while (k < s.Length && (s[k] == ' ' || s[k] == '\t') && !s.AsSpan(k).StartsWith(sep, StringComparison.Ordinal)) k++;
        if (k >= s.Length || s[k] != quote) return false;
        int open = k;
        int close = -1;
        bool doubled = false;
        for (int j = open + 1; j < s.Length; j++)
        {
            if (s[j] != quote) continue;
            if (j + 1 < s.Length && s[j + 1] == quote) { doubled = true; j++; continue; }
            close = j;
            break;
        }
        if (close < 0) return false; // unterminated: the quote is ordinary text
        string body = s.Substring(open + 1, close - open - 1);
        if (doubled) body = body.Replace(new string(quote, 2), new string(quote, 1), StringComparison.Ordinal);
        int at = IndexOf(s, sep, close + 1);
        int tailEnd = at < 0 ? s.Length : at;
        var tail = s.AsSpan(close + 1, tailEnd - close - 1).TrimEnd(" \t");
        item = tail.IsEmpty ? body : string.Concat(body, tail);
        next = at < 0 ? -1 : at + sep.Length;
        return true;
    }

    /// <summary>
    /// keyvalue(s, pairsep, kvsep[, quote]) → map. Pairs are split on pairsep, each at its first kvsep; keys and
    /// values are trimmed of surrounding whitespace (PowerShell ContextInfo: <c>"        Host Application = x\r\n"</c>
    /// gives key "Host Application"). Without quote, values are kept verbatim, quotes included (auditd
    /// <c>UID="root"</c> → <c>"root"</c>). With quote, a value that starts with the quote character runs to the
    /// closing quote, may contain pairsep, and is unquoted (<c>msg='op=… res=success'</c>); quotes inside a value
    /// that does not start with one are kept. A piece without kvsep or with an empty key is ignored; an empty
    /// unquoted value reads as null (ContextInfo <c>"Connected User = "</c> must be null for the 4103 formulas);
    /// a quoted empty value is "". Duplicate keys: the last wins.
    /// </summary>
    public static Value KeyValue(ReadOnlySpan<Value> args)
    {
        if (!Args.Text(args, 0, out var s) || !Args.Text(args, 1, out var pairSep) || !Args.Text(args, 2, out var kvSep))
            return Value.Null;
        char quote = '\0';
        bool quoting = false;
        if (args.Length > 3)
        {
            if (!Args.Text(args, 3, out var q)) return Value.Null;
            if (q.Length > 0) { quote = q[0]; quoting = true; }
        }
        var map = new DictionaryValueMap();
        if (kvSep.Length == 0) return Value.Map(map);
        int n = s.Length;
        int i = 0;
        while (i <= n)
        {
            int kv = IndexOf(s, kvSep, i);
            if (kv < 0) break; // the rest has no kvsep: nothing more to read
            int ps = pairSep.Length == 0 ? -1 : IndexOf(s, pairSep, i);
            if (ps >= 0 && ps < kv)
            {
                i = ps + pairSep.Length; // a piece without kvsep
                continue;
            }
            var key = s.AsSpan(i, kv - i).Trim();
            int v = kv + kvSep.Length;
            while (v < n && char.IsWhiteSpace(s[v]) && !StartsWithAt(s, v, pairSep)) v++;

            if (quoting && v < n && s[v] == quote)
            {
                int close = s.IndexOf(quote, v + 1);
                if (close >= 0)
                {
                    if (!key.IsEmpty) map.Set(Shared(key), Value.String(Shared(s.AsSpan(v + 1, close - v - 1))));
                    // Anything between the closing quote and the next pairsep belongs to no value.
                    int after = pairSep.Length == 0 ? -1 : IndexOf(s, pairSep, close + 1);
                    i = after < 0 ? n + 1 : after + pairSep.Length;
                    continue;
                }
            }

            int end = UnquotedEnd(s, v, pairSep, kvSep);
            var value = s.AsSpan(v, (end < 0 ? n : end) - v).TrimEnd();
            if (!key.IsEmpty)
                map.Set(Shared(key), value.IsEmpty ? Value.Null : Value.String(Shared(value)));
            i = end < 0 ? n + 1 : end + pairSep.Length;
        }
        return Value.Map(map);
    }

    // Keys and most values repeat from event to event even when the whole text does not (a PowerShell ContextInfo
    // differs only in its sequence number): shared instances save the copies and let memoized calls on them hit.
    private static string Shared(ReadOnlySpan<char> text) => Normalization.Inputs.RecentStrings.FromChars(text);

    /// <summary>
    /// Where an unquoted value ends: a following piece without a key continues the value when it holds a word
    /// (<c>op=adding user id=1001</c> gives op "adding user": auditd's msg text, add_user test 1), while a piece of
    /// punctuation only is dropped (<c>lport=35999 }</c> gives lport "35999": syscall_sockets test 7).
    /// Returns the end of the value's last word piece, or -1 when the value runs to the end of the text.
    /// </summary>
    private static int UnquotedEnd(string s, int from, string pairSep, string kvSep)
    {
        if (pairSep.Length == 0) return -1;
        int ps = IndexOf(s, pairSep, from);
        int end = ps;
        while (ps >= 0)
        {
            int next = ps + pairSep.Length;
            int nextSep = IndexOf(s, pairSep, next);
            int pieceEnd = nextSep < 0 ? s.Length : nextSep;
            int kv = IndexOf(s, kvSep, next);
            if (kv >= 0 && kv < pieceEnd && kv > next) return end;
            bool word = false;
            for (int k = next; k < pieceEnd && !word; k++) word = char.IsLetterOrDigit(s[k]);
            if (word) end = nextSep; // the piece belongs to the value
            ps = nextSep;
        }
        return end;
    }

    private static bool StartsWithAt(string s, int at, string sep) =>
        sep.Length > 0 && s.AsSpan(at).StartsWith(sep, StringComparison.Ordinal);

    private static int IndexOf(string s, string sep, int from) =>
        sep.Length == 1 ? s.IndexOf(sep[0], from) : s.IndexOf(sep, from, StringComparison.Ordinal);
}
