using System.Collections.Frozen;

namespace Vigil.Runtime;

/// <summary>
/// The function library of the XP languages (spec normalization §7, correlation §3.1 and §9.1): every documented
/// function with its arity, and the special forms the compiler lowers itself. Names are case-sensitive.
/// </summary>
public static class FunctionTable
{
    private const FunctionContexts Expr = FunctionContexts.Expression;

    private static readonly FunctionSymbol[] Symbols =
    [
        // ---- strings
        new("lower", 1, 1, "lower(s) -> string: lower case (Unicode)", StringFunctions.Lower),
        new("upper", 1, 1, "upper(s) -> string: upper case (Unicode)", StringFunctions.Upper),
        new("find_substr", 2, 2, "find_substr(s, sub) -> number: byte offset of the first sub in s, or null", StringFunctions.FindSubstr),
        new("substr", 2, 3, "substr(s, start, len) -> string: len bytes from byte start (negative start counts from the end)", StringFunctions.Substr),
        new("strip", 3, 3, "strip(s, prefix, suffix) -> string: s without that prefix and suffix (each at most once; \"\" = none)", StringFunctions.Strip),
        new("replace", 3, 4, "replace(s, replacement, glob[, max]) -> string: replace matches of the glob pattern (? * [a-z] [!x]) in s, at most max (0 = all)", PatternFunctions.Replace),
        new("length", 1, 1, "length(x) -> number: byte length of a string, size of a list", StringFunctions.Length),
        new("len", 1, 1, "len(x) -> number: alias of length", StringFunctions.Length),
        new("csv", 2, 3, "csv(s, sep, quote) -> list: split s on sep; quote groups an item that contains sep", SplitFunctions.Csv),
        new("keyvalue", 3, 4, "keyvalue(s, pairsep, kvsep[, quote]) -> map: parse key/value pairs; with quote, quoted values are unquoted", SplitFunctions.KeyValue),
        new("match", 2, 2, "match(s, glob) -> bool: whole-string wildcard match (? one char, * any run)", PatternFunctions.Match),
        new("regex", 2, 3, "regex(s, re2, group) -> string: first match of the RE2 pattern (group 0) or of that group, or null", PatternFunctions.Regex),
        new("hex_to_string", 1, 1, "hex_to_string(s) -> string: hex bytes decoded as UTF-8; s unchanged when not valid hex/UTF-8", ConversionFunctions.HexToString),

        // ---- lists
        new("in_list", 2, 2, "in_list(list, v) -> bool: whether v is an item of list (== semantics)", ListFunctions.InList),
        new("coalesce", 1, -1, "coalesce(a, b, ...) -> any: the first argument that is not null", ListFunctions.Coalesce),
        new("join", 2, 2, "join(list, sep) -> string: the items as text separated by sep (a null item is an empty string; remove(list, null) first to drop them)", ListFunctions.Join),
        new("append", 2, 2, "append(list, v) -> list: a new list with v at the end (null list -> [v])", ListFunctions.Append),
        new("remove", 2, 2, "remove(list, v) -> list: a new list without the items equal to v (v may be null)", ListFunctions.Remove),
        new("is_list", 1, 1, "is_list(x) -> bool: whether x is a list", ListFunctions.IsList),

        // ---- conversions
        new("string", 1, 1, "string(x) -> string: text form of a number, datetime, ip, mac or bool", ConversionFunctions.String),
        new("number", 1, 1, "number(s) -> number: decimal integer, or null", ConversionFunctions.Number),
        new("maybe_number", 1, 1, "maybe_number(s) -> number: decimal integer, or null", ConversionFunctions.Number),
        new("number16", 1, 1, "number16(s) -> number: hexadecimal integer (0x prefix allowed), or null", ConversionFunctions.Number16),
        new("maybe_number16", 1, 1, "maybe_number16(s) -> number: hexadecimal integer (0x prefix allowed), or null", ConversionFunctions.Number16),
        new("number8", 1, 1, "number8(s) -> number: octal integer, or null", ConversionFunctions.Number8),
        new("maybe_number8", 1, 1, "maybe_number8(s) -> number: octal integer, or null", ConversionFunctions.Number8),
        new("bool", 1, 1, "bool(x) -> bool: false for null, false, 0, \"\", \"0\", \"false\"; otherwise true", ConversionFunctions.Bool),
        new("div", 2, 2, "div(a, b) -> number: integer quotient, null when b is 0", ConversionFunctions.Div),
        new("mod", 2, 2, "mod(a, b) -> number: integer remainder, null when b is 0", ConversionFunctions.Mod),
        new("flip_endianness16", 1, 1, "flip_endianness16(n) -> number: n with its 2 low bytes swapped", ConversionFunctions.Flip16),
        new("flip_endianness32", 1, 1, "flip_endianness32(n) -> number: n with its 4 low bytes reversed", ConversionFunctions.Flip32),
        new("flip_endianness64", 1, 1, "flip_endianness64(n) -> number: n with its 8 bytes reversed", ConversionFunctions.Flip64),

        // ---- network
        new("ipv4", 1, 1, "ipv4(s) -> ip: s if it is an IPv4 address, else null", NetworkFunctions.Ipv4),
        new("maybe_ipv4", 1, 1, "maybe_ipv4(s) -> ip: s if it is an IPv4 address, else null", NetworkFunctions.Ipv4),
        new("ipv6", 1, 1, "ipv6(s) -> ip: s if it is an IPv6 address, else null", NetworkFunctions.Ipv6),
        new("maybe_ipv6", 1, 1, "maybe_ipv6(s) -> ip: s if it is an IPv6 address, else null", NetworkFunctions.Ipv6),
        new("in_subnet", 2, 2, "in_subnet(ip, cidr) -> bool: whether ip lies in the network \"a.b.c.d/n\" (or IPv6)", NetworkFunctions.InSubnet),
        new("macaddr", 1, 1, "macaddr(s) -> mac: aa:bb:cc:dd:ee:ff, aa-bb-… or aabb.ccdd.eeff, else null", NetworkFunctions.MacAddr),
        new("maybe_macaddr", 1, 1, "maybe_macaddr(s) -> mac: aa:bb:cc:dd:ee:ff, aa-bb-… or aabb.ccdd.eeff, else null", NetworkFunctions.MacAddr),

        // ---- time
        new("datetime", 1, 1, "datetime(s) -> datetime: parse a date/time text (ISO-8601, syslog, …), or null", TimeFunctions.Datetime),
        new("maybe_datetime", 1, 1, "maybe_datetime(s) -> datetime: parse a date/time text, or null", TimeFunctions.Datetime),
        new("epoch_to_datetime", 1, 1, "epoch_to_datetime(n) -> datetime: seconds since 1970-01-01 UTC", TimeFunctions.EpochToDatetime),
        new("epoch_ms_to_datetime", 1, 1, "epoch_ms_to_datetime(n) -> datetime: milliseconds since 1970-01-01 UTC", TimeFunctions.EpochMsToDatetime),
        new("datetime_to_epoch", 1, 1, "datetime_to_epoch(dt) -> number: seconds since 1970-01-01 UTC", TimeFunctions.DatetimeToEpoch),
        new("datetime_to_epoch_ms", 1, 1, "datetime_to_epoch_ms(dt) -> number: milliseconds since 1970-01-01 UTC", TimeFunctions.DatetimeToEpochMs),
        new("datetime_to_win_ticks", 1, 1, "datetime_to_win_ticks(dt) -> number: 100-ns ticks since 1601-01-01 (FILETIME)", TimeFunctions.DatetimeToWinTicks),
        new("win_ticks_to_datetime", 1, 1, "win_ticks_to_datetime(n) -> datetime: from FILETIME ticks (before 1970 -> null)", TimeFunctions.WinTicksToDatetime),
        new("year", 1, 1, "year(dt) -> number: UTC year", TimeFunctions.Year),
        new("month", 1, 1, "month(dt) -> number: UTC month 1-12", TimeFunctions.Month),
        new("day", 1, 1, "day(dt) -> number: UTC day of month", TimeFunctions.Day),
        new("hour", 1, 1, "hour(dt) -> number: UTC hour", TimeFunctions.Hour),
        new("minute", 1, 1, "minute(dt) -> number: UTC minute", TimeFunctions.Minute),
        new("second", 1, 1, "second(dt) -> number: UTC second", TimeFunctions.Second),
        new("timezone", 1, 1, "timezone(dt) -> number: UTC offset in seconds written in the text (datetime values: 0)", TimeFunctions.Timezone),
        new("duration", 1, 1, "duration(s) -> number: \"0d 1h:2m:15s\" -> 3735 seconds, or null", TimeFunctions.Duration),
        new("maybe_duration", 1, 1, "maybe_duration(s) -> number: \"0d 1h:2m:15s\" -> 3735 seconds, or null", TimeFunctions.Duration),

        // ---- buffers
        new("buffer_from_base64", 1, 1, "buffer_from_base64(s) -> buffer: the bytes of base64 text, or null", BufferFunctions.BufferFromBase64),
        new("decode", 2, 2, "decode(buf, encoding) -> string: bytes as text; encoding \"UTF-8\" or \"UCS2-LE\" (UTF-16LE)", BufferFunctions.Decode),

        // ---- special forms: the compiler implements these (they need the engine)
        new("submessage", 3, 3, "submessage(format, name, value): run the subformulas called name on value (statement)", null, FunctionContexts.Formula),
        new("exec_query", 2, 2, "exec_query(\"Query\", [args]) -> bool or map: whether the tabular-list query has a row (map of qhandler results)", null, FunctionContexts.Rule),
        new("select_query_first", 3, 3, "select_query_first(\"Query\", [args], \"column\") -> any: column of the first matching row, or null", null, FunctionContexts.Rule),
        new("regex_match", 2, 2, "regex_match(s, column::col) -> bool: whether the RE2 pattern stored in the row matches s (query only)", null, FunctionContexts.QueryPredicate),
        new("insert_min", 2, 2, "insert_min(column::c, v): keep the smaller of the cell and v (insert_into only)", null, FunctionContexts.InsertInto),
        new("insert_max", 2, 2, "insert_max(column::c, v): keep the larger of the cell and v (insert_into only)", null, FunctionContexts.InsertInto),
        new("insert_inc", 1, 1, "insert_inc(column::c): add 1 to the cell; a new row gets 1 (insert_into only)", null, FunctionContexts.InsertInto),
        new("insert_dec", 1, 1, "insert_dec(column::c): subtract 1 from the cell; a new row gets -1 (insert_into only)", null, FunctionContexts.InsertInto),
        new("min", 1, 1, "min(column::c) -> number: smallest value among the matching rows (qhandler only)", null, FunctionContexts.QueryHandler),
        new("max", 1, 1, "max(column::c) -> number: largest value among the matching rows (qhandler only)", null, FunctionContexts.QueryHandler),
        new("avg", 1, 1, "avg(column::c) -> number: mean of the matching rows (qhandler only)", null, FunctionContexts.QueryHandler),
        new("median", 1, 1, "median(column::c) -> number: lower median of the matching rows (qhandler only)", null, FunctionContexts.QueryHandler),
        new("sum", 1, 1, "sum(column::c) -> number: sum over the matching rows (qhandler only)", null, FunctionContexts.QueryHandler),
        new("count", 0, 1, "count() -> number: number of matching rows (qhandler only)", null, FunctionContexts.QueryHandler),
    ];

    private static readonly FrozenDictionary<string, FunctionSymbol> ByName =
        Symbols.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>Every function, in documentation order (themes, then special forms).</summary>
    public static IReadOnlyList<FunctionSymbol> All => Symbols;

    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FunctionSymbol? symbol) =>
        ByName.TryGetValue(name, out symbol);

    /// <summary>
    /// The known function name closest to <paramref name="unknownName"/> for a "did you mean" hint, or null when
    /// nothing is close: a case-insensitive match first, else the smallest edit distance (insert, delete, substitute,
    /// swap two neighbours) within a third of the name's length (at least 1, at most 3). Ties go to the earlier entry.
    /// </summary>
    public static string? Suggest(string unknownName)
    {
        if (string.IsNullOrEmpty(unknownName)) return null;
        foreach (var s in Symbols)
            if (string.Equals(s.Name, unknownName, StringComparison.OrdinalIgnoreCase)) return s.Name;
        int limit = Math.Clamp(unknownName.Length / 3, 1, 3);
        string? best = null;
        int bestDistance = limit + 1;
        foreach (var s in Symbols)
        {
            if (Math.Abs(s.Name.Length - unknownName.Length) >= bestDistance) continue;
            int d = EditDistance(unknownName, s.Name, bestDistance);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = s.Name;
            }
        }
        return best;
    }

    /// <summary>Optimal-string-alignment distance, case-insensitive; stops early once it must exceed <paramref name="cutoff"/>.</summary>
    internal static int EditDistance(string a, string b, int cutoff = int.MaxValue)
    {
        if (a.Length > 64 || b.Length > 64) return int.MaxValue; // not an identifier worth suggesting for
        Span<int> prev2 = stackalloc int[b.Length + 1];
        Span<int> prev = stackalloc int[b.Length + 1];
        Span<int> cur = stackalloc int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            int rowMin = i;
            char ca = char.ToLowerInvariant(a[i - 1]);
            for (int j = 1; j <= b.Length; j++)
            {
                char cb = char.ToLowerInvariant(b[j - 1]);
                int cost = ca == cb ? 0 : 1;
                int v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && ca == char.ToLowerInvariant(b[j - 2]) && char.ToLowerInvariant(a[i - 2]) == cb)
                    v = Math.Min(v, prev2[j - 2] + 1);
                cur[j] = v;
                rowMin = Math.Min(rowMin, v);
            }
            if (rowMin >= cutoff) return rowMin;
            var t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.Length];
    }
}
