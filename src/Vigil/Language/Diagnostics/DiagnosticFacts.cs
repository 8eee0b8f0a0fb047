using Vigil.Language.Text;

namespace Vigil.Language.Diagnostics;

/// <summary>
/// The catalog of diagnostics: one factory per message with a stable code. Codes by range:
/// XP00xx files, XP01xx lexer, XP02xx parser, XP03xx binder, XP04xx TEXT patterns, XP05xx tabular lists,
/// XP06xx test files. Split over partial files by stage.
/// </summary>
public static partial class DiagnosticFacts
{
    private static Diagnostic E(string code, string message, SourceText? src, TextSpan span) => new(code, Severity.Error, message, src, span);
    private static Diagnostic W(string code, string message, SourceText? src, TextSpan span) => new(code, Severity.Warning, message, src, span);

    // ---- files
    public static Diagnostic BinaryFile(SourceText src, int offset) =>
        E("XP0001", "file looks binary (NUL character); expected rule text", src, new TextSpan(offset, 1));
    public static Diagnostic InvalidUtf8(SourceText src, int offset) =>
        E("XP0002", "file is not valid UTF-8 from here on", src, new TextSpan(offset, 1));
    public static Diagnostic TooManyErrors(SourceText src, TextSpan span) =>
        E("XP0003", $"too many errors in this file; stopped reporting after {DiagnosticBag.MaxPerSource}", src, span);
    public static Diagnostic CannotRead(string path, string reason) =>
        E("XP0004", $"cannot read '{path}': {reason}", new SourceText(path, ""), default);
    public static Diagnostic FileTooLarge(string path, long bytes, long max) =>
        E("XP0005", $"file is {bytes:N0} bytes, more than the {max:N0} a rule file may have", new SourceText(path, ""), default);

    // ---- lexer
    public static Diagnostic UnexpectedCharacter(SourceText src, int offset, char c) =>
        E("XP0101", $"unexpected character {Describe(c)}", src, new TextSpan(offset, 1));
    public static Diagnostic UnterminatedString(SourceText src, int offset) =>
        E("XP0102", "unterminated string: no closing quote", src, new TextSpan(offset, 1));
    public static Diagnostic InvalidEscape(SourceText src, TextSpan span, string escape) =>
        E("XP0103", $"invalid escape sequence '{escape}'", src, span);
    public static Diagnostic NumberTooLarge(SourceText src, TextSpan span) =>
        E("XP0104", "number does not fit in a 64-bit integer", src, span);

    // ---- parser
    public static Diagnostic Expected(SourceText src, TextSpan span, string expected, string found) =>
        E("XP0201", $"expected {expected}, found {found}", src, span);
    public static Diagnostic UnexpectedToken(SourceText src, TextSpan span, string found, string context) =>
        E("XP0202", $"unexpected {found} {context}", src, span);
    public static Diagnostic NestingTooDeep(SourceText src, TextSpan span) =>
        E("XP0203", "expression is nested too deeply", src, span);
    public static Diagnostic MissingFormat(SourceText src, TextSpan span) =>
        E("XP0204", "formula must start with an input format header such as EVENTLOG = '…', JSON = '', TEXT = '…'", src, span);
    public static Diagnostic UnknownFormat(SourceText src, TextSpan span, string name) =>
        E("XP0205", $"unknown input format '{name}'; expected TEXT, JSON, XML, EVENTLOG, KEYVALUE, CSV or TABULAR", src, span);
    public static Diagnostic DuplicateDeclaration(SourceText src, TextSpan span, string kind, string name) =>
        E("XP0206", $"{kind} '{name}' is declared more than once", src, span);
    public static Diagnostic MissingRuleBody(SourceText src, TextSpan span, string what) =>
        E("XP0207", $"{what}", src, span);
    public static Diagnostic InvalidDuration(SourceText src, TextSpan span) =>
        E("XP0208", "invalid duration; write a number followed by s, m, h or d (e.g. 10m)", src, span);
    public static Diagnostic InvalidQuantifier(SourceText src, TextSpan span, string reason) =>
        E("XP0209", $"invalid quantifier: {reason}", src, span);
    public static Diagnostic EventFilterHeader(SourceText src, TextSpan span, string reason) =>
        E("XP0210", $"invalid format argument: {reason}", src, span);

    // ---- binder
    public static Diagnostic UnknownField(SourceText src, TextSpan span, string name, string? suggestion) =>
        E("XP0301", $"unknown field '{name}' (not in the taxonomy){Suggest(suggestion)}", src, span);
    public static Diagnostic UnknownFunction(SourceText src, TextSpan span, string name, string? suggestion) =>
        E("XP0302", $"unknown function '{name}'{Suggest(suggestion)}", src, span);
    public static Diagnostic WrongArity(SourceText src, TextSpan span, string name, string expected, int got) =>
        E("XP0303", $"function '{name}' takes {expected} argument{(expected == "1" ? "" : "s")}, but {got} {(got == 1 ? "was" : "were")} given", src, span);
    public static Diagnostic UnknownMacro(SourceText src, TextSpan span, string name, string? suggestion) =>
        E("XP0304", $"unknown filter macro 'filter::{name}'{Suggest(suggestion)}", src, span);
    public static Diagnostic MacroArity(SourceText src, TextSpan span, string name, int expected, int got) =>
        E("XP0305", $"filter macro '{name}' takes {expected} argument{(expected == 1 ? "" : "s")}, but {got} {(got == 1 ? "was" : "were")} given", src, span);
    public static Diagnostic UnknownEvent(SourceText src, TextSpan span, string name, string? suggestion) =>
        E("XP0306", $"unknown event '{name}': declare it with 'event {name}:'{Suggest(suggestion)}", src, span);
    public static Diagnostic UnknownTable(SourceText src, TextSpan span, string name, string? suggestion) =>
        E("XP0307", $"unknown tabular list '{name}'{Suggest(suggestion)}", src, span);
    public static Diagnostic UnknownQuery(SourceText src, TextSpan span, string name) =>
        E("XP0308", $"unknown query '{name}': declare it with 'query {name}(…) from <table> {{ … }}'", src, span);
    public static Diagnostic UnknownColumn(SourceText src, TextSpan span, string table, string column) =>
        E("XP0309", $"tabular list '{table}' has no column '{column}'", src, span);
    public static Diagnostic AssignToSourceField(SourceText src, TextSpan span, string name) =>
        E("XP0310", $"cannot assign the source event field '{name}' here; correlation handlers write '${name}'", src, span);
    public static Diagnostic EnumValue(SourceText src, TextSpan span, string field, string value) =>
        W("XP0311", $"'{value}' is not one of the values the taxonomy allows for '{field}'", src, span);
    public static Diagnostic RecursiveMacro(SourceText src, TextSpan span, string name) =>
        E("XP0312", $"filter macro '{name}' calls itself", src, span);
    public static Diagnostic UnknownSubformula(SourceText src, TextSpan span, string name) =>
        E("XP0313", $"no subformula named '{name}' in this formula", src, span);
    public static Diagnostic EventNotUsed(SourceText src, TextSpan span, string name) =>
        W("XP0314", $"event '{name}' is declared but not used in the rule", src, span);
    public static Diagnostic KeyArity(SourceText src, TextSpan span, string a, int na, string b, int nb) =>
        E("XP0315", $"events '{a}' ({na} key field{(na == 1 ? "" : "s")}) and '{b}' ({nb}) are combined but have different key sizes", src, span);
    public static Diagnostic NotAFunctionHere(SourceText src, TextSpan span, string name, string where) =>
        E("XP0316", $"'{name}' can only be used {where}", src, span);
    public static Diagnostic UnknownParameter(SourceText src, TextSpan span, string name) =>
        E("XP0317", $"unknown parameter '{name}'", src, span);
    public static Diagnostic AutoFieldWritten(SourceText src, TextSpan span, string name) =>
        W("XP0318", $"field '{name}' is filled by the platform; a formula should not set it", src, span);
    public static Diagnostic StatementNotAllowed(SourceText src, TextSpan span, string what, string where) =>
        E("XP0319", $"{what} is not allowed {where}", src, span);
    public static Diagnostic ArgumentMustBeString(SourceText src, TextSpan span, string function, int index) =>
        E("XP0320", $"argument {index} of '{function}' must be a string literal", src, span);

    internal static string Suggest(string? suggestion) => suggestion is null ? "" : $"; did you mean '{suggestion}'?";

    internal static string Describe(char c) => c switch
    {
        '\0' => "NUL (U+0000)",
        _ when char.IsControl(c) => $"U+{(int)c:X4}",
        _ => $"'{c}'",
    };
}
