using System.Collections.Immutable;
using Vigil.Language.Diagnostics;
using Vigil.Language.Syntax;
using Vigil.Language.Text;

namespace Vigil.Language.Parsing;

/// <summary>
/// Parses correlation rules (.co), enrichment rules (.en) and filter macros (.flt):
/// <code>
/// file        := ( query | event | rule | enrichment | macro )*
/// query       := 'query' Name '(' [$p (',' $p)*] ')' 'from' Table '{' expr '}' ['qhandler' block]
/// event       := 'event' Name ':' [ 'key' ':' field (',' field)* ] [ 'filter' '{' expr '}' ]
/// rule        := 'rule' Name ':' pattern ['init' block] ('on' Name block)* ['emit' block]
/// enrichment  := 'enrichment' Name ( 'enrich' Name ':' 'enrich_fields' block )+
/// macro       := 'filter' Name '(' [type $p (',' type $p)*] ')' '{' expr '}'
/// pattern     := alt window*             (a window binds everything before it at its level)
/// alt         := conj ('or' conj)*
/// conj        := seq ('and' seq)*
/// seq         := item ('->' item)*
/// item        := (Name | '(' pattern ')') [quantifier] ['with' 'different' field]
/// quantifier  := '?' | '*' | '+' | '[' n ']' | '[' n ',' [m] ']'
/// window      := ('within' | 'timer' | 'timeout_timer') DURATION
/// </code>
/// </summary>
public sealed class RuleParser : ParserBase
{
    private RuleParser(SourceText source, DiagnosticBag diagnostics) : base(source, diagnostics) { }

    public static RuleFileSyntax Parse(SourceText source, DiagnosticBag diagnostics) => new RuleParser(source, diagnostics).ParseFile();

    private bool AtTopLevelStart() =>
        Current.Kind == TokenKind.Identifier && Current.Text is "query" or "event" or "rule" or "enrichment"
        || (AtKeyword("filter") && Peek().Kind == TokenKind.Identifier);

    private RuleFileSyntax ParseFile()
    {
        var queries = ImmutableArray.CreateBuilder<QueryDeclaration>();
        var events = ImmutableArray.CreateBuilder<EventDeclaration>();
        var rules = ImmutableArray.CreateBuilder<RuleDeclaration>();
        var enrichments = ImmutableArray.CreateBuilder<EnrichmentDeclaration>();
        var macros = ImmutableArray.CreateBuilder<FilterMacroDeclaration>();
        while (!AtEnd)
        {
            int before = Pos;
            if (AtKeyword("query")) queries.Add(ParseQuery());
            else if (AtKeyword("event")) events.Add(ParseEvent());
            else if (AtKeyword("rule")) rules.Add(ParseRule());
            else if (AtKeyword("enrichment")) enrichments.Add(ParseEnrichment());
            else if (AtKeyword("filter") && Peek().Kind == TokenKind.Identifier) macros.Add(ParseMacro());
            else
            {
                Diagnostics.Add(DiagnosticFacts.Expected(Source, ErrorSpan(), "'event', 'rule', 'query', 'enrichment' or 'filter'", Current.Describe()));
                SkipToNextTopLevel();
            }
            if (Pos == before) SkipToNextTopLevel();
        }
        return new RuleFileSyntax(Source, queries.ToImmutable(), events.ToImmutable(), rules.ToImmutable(), enrichments.ToImmutable(), macros.ToImmutable());
    }

    private void SkipToNextTopLevel()
    {
        Advance();
        while (!AtEnd && !(Current.FirstOnLine && AtTopLevelStart())) Advance();
    }

    private Token ExpectName(string what) => Expect(TokenKind.Identifier, what);

    private QueryDeclaration ParseQuery()
    {
        int start = Current.Span.Start;
        Advance();
        var name = ExpectName("a query name");
        var parameters = ImmutableArray.CreateBuilder<QueryParameter>();
        Expect(TokenKind.OpenParen);
        if (!Accept(TokenKind.CloseParen))
        {
            while (true)
            {
                var p = Expect(TokenKind.Variable, "a $parameter");
                if (p.Text is not null) parameters.Add(new QueryParameter(p.Text, p.Span));
                if (Accept(TokenKind.Comma)) continue;
                Expect(TokenKind.CloseParen);
                break;
            }
        }
        ExpectKeyword("from");
        var table = ExpectName("a tabular list name");
        Expect(TokenKind.OpenBrace);
        var predicate = ParseExpression();
        Expect(TokenKind.CloseBrace);
        ImmutableArray<StatementSyntax>? handler = null;
        if (AcceptKeyword("qhandler")) handler = ParseBlock();
        return new QueryDeclaration(SpanFrom(start), name.Text ?? "", name.Span, parameters.ToImmutable(), table.Text ?? "", table.Span, predicate, handler);
    }

    private EventDeclaration ParseEvent()
    {
        int start = Current.Span.Start;
        Advance();
        var name = ExpectName("an event name");
        Expect(TokenKind.Colon);
        var key = ImmutableArray<NameExpression>.Empty;
        ExpressionSyntax? filter = null;
        bool sawKey = false, sawFilter = false;
        while (true)
        {
            if (AtKeyword("key") && Peek().Kind == TokenKind.Colon && !sawKey)
            {
                sawKey = true;
                Advance();
                Advance();
                key = ParseKeyList();
                continue;
            }
            if (AtKeyword("filter") && Peek().Kind == TokenKind.OpenBrace && !sawFilter)
            {
                sawFilter = true;
                Advance();
                Advance();
                filter = ParseExpression();
                Expect(TokenKind.CloseBrace);
                continue;
            }
            break;
        }
        if (!sawFilter) Diagnostics.Add(DiagnosticFacts.Expected(Source, ErrorSpan(), $"'filter {{ … }}' for event '{name.Text}'", Current.Describe()));
        return new EventDeclaration(SpanFrom(start), name.Text ?? "", name.Span, key, filter);
    }

    private ImmutableArray<NameExpression> ParseKeyList()
    {
        var fields = ImmutableArray.CreateBuilder<NameExpression>();
        while (true)
        {
            var f = Current;
            if (f.Kind != TokenKind.Identifier)
            {
                ReportExpected("a key field name");
                break;
            }
            Advance();
            fields.Add(new NameExpression(f.Span, f.Text!));
            if (!Accept(TokenKind.Comma)) break;
        }
        return fields.ToImmutable();
    }

    private RuleDeclaration ParseRule()
    {
        int start = Current.Span.Start;
        Advance();
        var name = ExpectName("a rule name");
        Expect(TokenKind.Colon);
        var pattern = ParsePattern();
        ImmutableArray<StatementSyntax>? init = null, emit = null;
        var handlers = ImmutableArray.CreateBuilder<OnHandler>();
        while (true)
        {
            if (AtKeyword("init") && Peek().Kind == TokenKind.OpenBrace) { Advance(); init = ParseBlock(); continue; }
            if (AtKeyword("on") && Peek().Kind == TokenKind.Identifier)
            {
                int hs = Current.Span.Start;
                Advance();
                var ev = Advance();
                var body = ParseBlock();
                handlers.Add(new OnHandler(SpanFrom(hs), ev.Text!, ev.Span, body));
                continue;
            }
            if (AtKeyword("emit") && Peek().Kind == TokenKind.OpenBrace) { Advance(); emit = ParseBlock(); continue; }
            break;
        }
        if (emit is null && !AtEnd && !AtTopLevelStart())
            Diagnostics.Add(DiagnosticFacts.Expected(Source, ErrorSpan(), "'init', 'on <event>' or 'emit' block", Current.Describe()));
        return new RuleDeclaration(SpanFrom(start), name.Text ?? "", name.Span, pattern, init, handlers.ToImmutable(), emit);
    }

    private EnrichmentDeclaration ParseEnrichment()
    {
        int start = Current.Span.Start;
        Advance();
        var name = ExpectName("an enrichment name");
        Accept(TokenKind.Colon);
        var blocks = ImmutableArray.CreateBuilder<EnrichBlock>();
        while (AtKeyword("enrich"))
        {
            int bs = Current.Span.Start;
            Advance();
            var ev = ExpectName("an event name");
            Expect(TokenKind.Colon);
            ExpectKeyword("enrich_fields");
            var body = ParseBlock();
            blocks.Add(new EnrichBlock(SpanFrom(bs), ev.Text ?? "", ev.Span, body));
        }
        if (blocks.Count == 0) ReportExpected("'enrich <event>:'");
        return new EnrichmentDeclaration(SpanFrom(start), name.Text ?? "", name.Span, blocks.ToImmutable());
    }

    private FilterMacroDeclaration ParseMacro()
    {
        int start = Current.Span.Start;
        Advance();
        var name = ExpectName("a filter name");
        var parameters = ImmutableArray.CreateBuilder<MacroParameter>();
        Expect(TokenKind.OpenParen);
        if (!Accept(TokenKind.CloseParen))
        {
            while (true)
            {
                string type = "string";
                if (At(TokenKind.Identifier)) type = Advance().Text!;
                var p = Expect(TokenKind.Variable, "a $parameter");
                if (p.Text is not null) parameters.Add(new MacroParameter(type, p.Text, p.Span));
                if (Accept(TokenKind.Comma)) continue;
                Expect(TokenKind.CloseParen);
                break;
            }
        }
        Expect(TokenKind.OpenBrace);
        var body = ParseExpression();
        Expect(TokenKind.CloseBrace);
        return new FilterMacroDeclaration(SpanFrom(start), name.Text ?? "", name.Span, parameters.ToImmutable(), body);
    }

    // ---------------------------------------------------------------- patterns

    private int _patternDepth;

    private PatternSyntax ParsePattern()
    {
        if (++_patternDepth > MaxDepth)
        {
            _patternDepth--;
            Diagnostics.Add(DiagnosticFacts.NestingTooDeep(Source, ErrorSpan()));
            SkipToNextLine();
            return new MissingPattern(new TextSpan(Current.Span.Start, 0));
        }
        try
        {
            var p = ParseAlternatives();
            while (TryParseWindow(p, out var windowed))
            {
                p = windowed;
                // `A within 5s or B`: the windowed part is the first operand of what follows.
                if (AtKeyword("or") || AtKeyword("and") || At(TokenKind.Arrow)) p = ContinuePattern(p);
            }
            return p;
        }
        finally { _patternDepth--; }
    }

    private PatternSyntax ContinuePattern(PatternSyntax left)
    {
        if (At(TokenKind.Arrow))
        {
            var items = ImmutableArray.CreateBuilder<PatternSyntax>();
            items.Add(left);
            while (Accept(TokenKind.Arrow)) items.Add(ParseItem());
            left = new SequencePattern(left.Span.Union(items[^1].Span), items.ToImmutable());
        }
        if (AtKeyword("and"))
        {
            var items = ImmutableArray.CreateBuilder<PatternSyntax>();
            items.Add(left);
            while (AcceptKeyword("and")) items.Add(ParseSequence());
            left = new AndPattern(left.Span.Union(items[^1].Span), items.ToImmutable());
        }
        if (AtKeyword("or"))
        {
            var items = ImmutableArray.CreateBuilder<PatternSyntax>();
            items.Add(left);
            while (AcceptKeyword("or")) items.Add(ParseConjunction());
            left = new OrPattern(left.Span.Union(items[^1].Span), items.ToImmutable());
        }
        return left;
    }

    private bool TryParseWindow(PatternSyntax inner, out PatternSyntax windowed)
    {
        windowed = inner;
        WindowKind kind;
        if (AtKeyword("within")) kind = WindowKind.Within;
        else if (AtKeyword("timer")) kind = WindowKind.Timer;
        else if (AtKeyword("timeout_timer")) kind = WindowKind.TimeoutTimer;
        else return false;
        Advance();
        long seconds = 0;
        if (At(TokenKind.Duration)) seconds = Advance().Number;
        else if (At(TokenKind.Number)) seconds = Advance().Number; // bare number = seconds
        else Diagnostics.Add(DiagnosticFacts.InvalidDuration(Source, ErrorSpan()));
        if (seconds <= 0 && Tokens[Pos - 1].Kind is TokenKind.Duration or TokenKind.Number)
            Diagnostics.Add(DiagnosticFacts.InvalidDuration(Source, Tokens[Pos - 1].Span));
        windowed = new WindowPattern(SpanFrom(inner.Span.Start), inner, kind, seconds);
        return true;
    }

    private PatternSyntax ParseAlternatives()
    {
        var first = ParseConjunction();
        if (!AtKeyword("or")) return first;
        var items = ImmutableArray.CreateBuilder<PatternSyntax>();
        items.Add(first);
        while (AcceptKeyword("or")) items.Add(ParseConjunction());
        return new OrPattern(first.Span.Union(items[^1].Span), items.ToImmutable());
    }

    private PatternSyntax ParseConjunction()
    {
        var first = ParseSequence();
        if (!AtKeyword("and")) return first;
        var items = ImmutableArray.CreateBuilder<PatternSyntax>();
        items.Add(first);
        while (AcceptKeyword("and")) items.Add(ParseSequence());
        return new AndPattern(first.Span.Union(items[^1].Span), items.ToImmutable());
    }

    private PatternSyntax ParseSequence()
    {
        var first = ParseItem();
        if (!At(TokenKind.Arrow)) return first;
        var items = ImmutableArray.CreateBuilder<PatternSyntax>();
        items.Add(first);
        while (Accept(TokenKind.Arrow)) items.Add(ParseItem());
        return new SequencePattern(first.Span.Union(items[^1].Span), items.ToImmutable());
    }

    private PatternSyntax ParseItem()
    {
        int start = Current.Span.Start;
        PatternSyntax primary;
        if (Accept(TokenKind.OpenParen))
        {
            primary = ParsePattern();
            Expect(TokenKind.CloseParen);
            primary = primary with { Span = SpanFrom(start) };
        }
        else if (At(TokenKind.Identifier) && !IsPatternKeyword(Current.Text!))
        {
            var t = Advance();
            primary = new EventPattern(t.Span, t.Text!);
        }
        else
        {
            ReportExpected("an event name or '('");
            return new MissingPattern(new TextSpan(Current.Span.Start, 0));
        }

        int min = 1;
        int? max = 1;
        bool quantified = true;
        if (Accept(TokenKind.Question)) { min = 0; max = 1; }
        else if (Accept(TokenKind.Star)) { min = 0; max = null; }
        else if (Accept(TokenKind.Plus)) { min = 1; max = null; }
        else if (At(TokenKind.OpenBracket)) (min, max) = ParseCount();
        else quantified = false;

        NameExpression? different = null;
        if (AtKeyword("with") && Peek().IsKeyword("different"))
        {
            Advance();
            Advance();
            var f = Expect(TokenKind.Identifier, "a field name after 'with different'");
            if (f.Text is not null) different = new NameExpression(f.Span, f.Text);
        }
        if (!quantified && different is null) return primary;
        return new QuantifiedPattern(SpanFrom(start), primary, min, max, different);
    }

    private (int Min, int? Max) ParseCount()
    {
        var open = Advance();
        int min = 1;
        int? max = 1;
        if (At(TokenKind.Number)) min = (int)Math.Min(Advance().Number, int.MaxValue);
        else ReportExpected("a count");
        max = min;
        if (Accept(TokenKind.Comma))
        {
            if (At(TokenKind.Number)) max = (int)Math.Min(Advance().Number, int.MaxValue);
            else max = null;
        }
        Expect(TokenKind.CloseBracket);
        if (max is not null && max < min)
            Diagnostics.Add(DiagnosticFacts.InvalidQuantifier(Source, SpanFrom(open.Span.Start), $"maximum {max} is less than minimum {min}"));
        if (max == 0)
            Diagnostics.Add(DiagnosticFacts.InvalidQuantifier(Source, SpanFrom(open.Span.Start), "a count of 0 can never match"));
        return (min, max);
    }

    private static bool IsPatternKeyword(string s) => s is "or" or "and" or "within" or "timer" or "timeout_timer" or "with" or "on" or "init" or "emit";
}
