using Vigil.Language.Text;

namespace Vigil.Language.Diagnostics;

// XP06xx: test files (raw_N.txt/norm_N.js, raw_events_N.json, test_conds_N.tc, test_N.sc).
// Spec: correlation.md §10, normalization.md §5.1 and §8.3.
public static partial class DiagnosticFacts
{
    public static Diagnostic InvalidJson(SourceText src, TextSpan span, string reason) =>
        E("XP0601", $"invalid JSON: {reason}", src, span);
    public static Diagnostic UnknownTestDirective(SourceText src, TextSpan span, bool inputsAllowed) =>
        E("XP0602", inputsAllowed
            ? "expected '# comment', 'table_list …', 'expect …' or a JSON event '{…}'"
            : "expected '# comment', 'table_list …' or 'expect …'", src, span);
    public static Diagnostic InvalidExpectCount(SourceText src, TextSpan span) =>
        E("XP0603", "'expect' must be followed by a count (0, 1, 2 …) or 'not', then a JSON object", src, span);
    public static Diagnostic JsonNotAnObject(SourceText src, TextSpan span, string what) =>
        E("XP0604", $"{what} must be a JSON object {{…}}", src, span);
    public static Diagnostic InputEventInConditions(SourceText src, TextSpan span) =>
        E("XP0605", "input events cannot appear in a .tc file; integration inputs belong in raw_events_N.json", src, span);
    public static Diagnostic InvalidTableListDirective(SourceText src, TextSpan span) =>
        E("XP0606", "'table_list' must be followed by 'default' or a JSON object {\"Table\": [{…}, …]}", src, span);
    public static Diagnostic TableListRowsShape(SourceText src, TextSpan span, string reason) =>
        E("XP0607", $"invalid table_list rows: {reason}", src, span);
    public static Diagnostic TrailingText(SourceText src, TextSpan span) =>
        E("XP0608", "unexpected text after the end of the line's value", src, span);
    public static Diagnostic UnpairedNormalizationTest(SourceText src, string present, string missing) =>
        E("XP0609", $"'{present}' has no matching '{missing}'", src, default);
    public static Diagnostic MissingRawEvents(SourceText src, string missing) =>
        E("XP0610", $"integration test has no input file '{missing}'", src, default);
    public static Diagnostic OrphanRawEvents(SourceText src, string missing) =>
        W("XP0611", $"'{src.Path}' is not used: there is no '{missing}'", src, default);
    public static Diagnostic CannotListDirectory(string path, string reason) =>
        E("XP0612", $"cannot list '{path}': {reason}", new SourceText(path, ""), default);
}
