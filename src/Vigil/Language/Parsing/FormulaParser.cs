using System.Collections.Immutable;
using Vigil.Language.Diagnostics;
using Vigil.Language.Syntax;
using Vigil.Language.Text;

namespace Vigil.Language.Parsing;

/// <summary>
/// Parses a normalization formula (formula.xp):
/// <code>
/// formula    := body ( subformula | statement )*
/// body       := ['!'] FORMAT '=' STRING  [ ['!'] 'COND' '=' expr ]  statement*
/// subformula := 'subformula' STRING body 'endsubformula'
/// FORMAT     := TEXT | JSON | XML | EVENTLOG | KEYVALUE | CSV | TABULAR
/// </code>
/// Subformulas are declarations and may appear anywhere at top level; they are hoisted.
/// </summary>
public sealed class FormulaParser : ParserBase
{
    private static readonly HashSet<string> TopTerminators = ["subformula", "endsubformula"];
    private static readonly HashSet<string> SubTerminators = ["endsubformula", "subformula"];

    private FormulaParser(SourceText source, DiagnosticBag diagnostics) : base(source, diagnostics) { }

    public static FormulaSyntax Parse(SourceText source, DiagnosticBag diagnostics)
    {
        var p = new FormulaParser(source, diagnostics);
        return p.ParseFormula();
    }

    private FormulaSyntax ParseFormula()
    {
        var subformulas = ImmutableArray.CreateBuilder<SubformulaSyntax>();
        int start = Current.Span.Start;
        var header = ParseHeader(required: true);
        var (cond, negated) = ParseCond();
        var statements = ImmutableArray.CreateBuilder<StatementSyntax>();
        while (!AtEnd)
        {
            statements.AddRange(ParseStatements(TopTerminators));
            if (AtEnd) break;
            if (AtKeyword("subformula")) { subformulas.Add(ParseSubformula()); continue; }
            if (AtKeyword("endsubformula"))
            {
                Diagnostics.Add(DiagnosticFacts.UnexpectedToken(Source, Current.Span, "'endsubformula'", "without a matching 'subformula'"));
                Advance();
                continue;
            }
            if (At(TokenKind.CloseBrace))
            {
                Diagnostics.Add(DiagnosticFacts.UnexpectedToken(Source, Current.Span, "'}'", "in a formula"));
                Advance();
                continue;
            }
            SkipToNextLine();
        }
        var body = new FormulaBody(SpanFrom(start), header, cond, negated, statements.ToImmutable());
        return new FormulaSyntax(Source, body, subformulas.ToImmutable());
    }

    private SubformulaSyntax ParseSubformula()
    {
        int start = Current.Span.Start;
        Advance();
        var name = Expect(TokenKind.String, "the subformula name as a string");
        var header = ParseHeader(required: true);
        var (cond, negated) = ParseCond();
        var statements = ParseStatements(SubTerminators);
        if (AtKeyword("subformula"))
            Diagnostics.Add(DiagnosticFacts.Expected(Source, Current.Span, "'endsubformula' before the next subformula", "'subformula'"));
        else if (!AcceptKeyword("endsubformula"))
            Diagnostics.Add(DiagnosticFacts.Expected(Source, new TextSpan(start, 10), "'endsubformula' to close this subformula", Current.Describe()));
        var body = new FormulaBody(SpanFrom(start), header, cond, negated, statements);
        return new SubformulaSyntax(SpanFrom(start), name.Text ?? "", name.Span, body);
    }

    private static bool TryFormat(string? name, out InputFormat format)
    {
        switch (name)
        {
            case "TEXT": format = InputFormat.Text; return true;
            case "JSON": format = InputFormat.Json; return true;
            case "XML": format = InputFormat.Xml; return true;
            case "EVENTLOG": format = InputFormat.EventLog; return true;
            case "KEYVALUE": format = InputFormat.KeyValue; return true;
            case "CSV": format = InputFormat.Csv; return true;
            case "TABULAR": format = InputFormat.Tabular; return true;
            default: format = default; return false;
        }
    }

    private FormatHeader? ParseHeader(bool required)
    {
        int start = Current.Span.Start;
        bool negated = false;
        int save = Pos;
        if (At(TokenKind.Bang)) { Advance(); negated = true; }
        var t = Current;
        bool looksLikeHeader = t.Kind == TokenKind.Identifier && Peek().Kind == TokenKind.Equals
            && t.Text is { Length: > 0 } s && s.All(c => char.IsAsciiLetterUpper(c)) && s != "COND";
        if (!looksLikeHeader)
        {
            Pos = save;
            if (required) Diagnostics.Add(DiagnosticFacts.MissingFormat(Source, ErrorSpan()));
            return null;
        }
        if (!TryFormat(t.Text, out var format))
        {
            Diagnostics.Add(DiagnosticFacts.UnknownFormat(Source, t.Span, t.Text!));
            format = InputFormat.Text;
        }
        Advance();
        Advance(); // '='
        var arg = Expect(TokenKind.String, "the format argument as a string, e.g. '' or 'EventID=\"4624\"'");
        TextPattern? pattern = null;
        string argument = arg.Text ?? "";
        if (format == InputFormat.Text) pattern = ParsePattern(argument, arg.Span);
        return new FormatHeader(SpanFrom(start), format, negated, argument, arg.Span, pattern);
    }

    private TextPattern ParsePattern(string argument, TextSpan stringSpan)
    {
        var pattern = TextPatternParser.Parse(argument, out var errors);
        foreach (var (offset, message) in errors)
        {
            // Pattern offsets are into the decoded string; +1 skips the opening quote. Exact when the pattern has no escapes.
            int at = Math.Min(stringSpan.Start + 1 + offset, Math.Max(stringSpan.Start, stringSpan.End - 1));
            Diagnostics.Add(new Diagnostic("XP0401", Severity.Error, message, Source, new TextSpan(at, 1)));
        }
        return pattern;
    }

    private (ExpressionSyntax? Cond, bool Negated) ParseCond()
    {
        int save = Pos;
        bool negated = false;
        if (At(TokenKind.Bang)) { Advance(); negated = true; }
        if (AtKeyword("COND") && Peek().Kind == TokenKind.Equals)
        {
            Advance();
            Advance();
            return (ParseExpression(), negated);
        }
        Pos = save;
        return (null, false);
    }
}
