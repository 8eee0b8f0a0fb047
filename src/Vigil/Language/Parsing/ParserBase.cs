using System.Collections.Immutable;
using Vigil.Language.Diagnostics;
using Vigil.Language.Syntax;
using Vigil.Language.Text;

namespace Vigil.Language.Parsing;

/// <summary>
/// Token cursor, expressions and statements shared by the formula and rule parsers.
/// <code>
/// expr       := or
/// or         := and ( ('or' | '||') and )*
/// and        := not ( ('and' | '&amp;&amp;') not )*
/// not        := ('not' | '!') not | comparison
/// comparison := additive [ ('==' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') additive ]
/// additive   := multiplicative ( ('+' | '-') multiplicative )*
/// multiplicative := unary ( ('*' | '/' | '%') unary )*
/// unary      := '-' unary | postfix
/// postfix    := primary ( '[' expr ']' )*
/// primary    := literal | name | $var | call | filter::Name(args) | column::name | '(' expr ')' | '[' list ']'
///             | 'if' expr 'then' expr ('elif' expr 'then' expr)* ['else' expr] 'endif'
///             | 'switch' expr ('case' primary expr)* ['default' expr] 'endswitch'
/// statement  := target '=' expr | call | 'drop' | if-statement | switch-statement | insert_into | remove_from
/// </code>
/// Statements are not separated by newlines: one ends where its expression cannot continue.
/// The parser never throws; errors become diagnostics plus <see cref="MissingExpression"/> nodes, and recovery skips to the next line.
/// </summary>
public abstract class ParserBase
{
    protected const int MaxDepth = 200;

    protected readonly SourceText Source;
    protected readonly List<Token> Tokens;
    protected readonly DiagnosticBag Diagnostics;
    protected int Pos;
    private int _depth;
    private bool _depthReported;

    protected ParserBase(SourceText source, DiagnosticBag diagnostics)
    {
        Source = source;
        Diagnostics = diagnostics;
        Tokens = Lexer.Tokenize(source, diagnostics);
    }

    protected Token Current => Tokens[Pos];
    protected Token Peek(int n = 1) => Tokens[Math.Min(Pos + n, Tokens.Count - 1)];
    protected bool AtEnd => Current.Kind == TokenKind.EndOfFile;

    protected Token Advance()
    {
        var t = Tokens[Pos];
        if (Pos < Tokens.Count - 1) Pos++;
        return t;
    }

    protected bool At(TokenKind kind) => Current.Kind == kind;
    protected bool AtKeyword(string keyword) => Current.IsKeyword(keyword);

    protected bool Accept(TokenKind kind)
    {
        if (Current.Kind != kind) return false;
        Advance();
        return true;
    }

    protected bool AcceptKeyword(string keyword)
    {
        if (!Current.IsKeyword(keyword)) return false;
        Advance();
        return true;
    }

    protected Token Expect(TokenKind kind, string? what = null)
    {
        if (Current.Kind == kind) return Advance();
        ReportExpected(what ?? Token.Punctuation(kind));
        return new Token(kind, new TextSpan(Current.Span.Start, 0), null, 0, 0, false);
    }

    protected bool ExpectKeyword(string keyword)
    {
        if (AcceptKeyword(keyword)) return true;
        ReportExpected($"'{keyword}'");
        return false;
    }

    protected void ReportExpected(string what) =>
        Diagnostics.Add(DiagnosticFacts.Expected(Source, ErrorSpan(), what, Current.Describe()));

    protected TextSpan ErrorSpan() => Current.Kind == TokenKind.EndOfFile
        ? new TextSpan(Math.Max(0, Source.Length - 1), Source.Length > 0 ? 1 : 0)
        : Current.Span;

    /// <summary>Skips at least one token, then up to the next token that starts a line (or a stop token).</summary>
    protected void SkipToNextLine(Func<Token, bool>? stop = null)
    {
        if (AtEnd) return;
        Advance();
        while (!AtEnd && !Current.FirstOnLine && !(stop?.Invoke(Current) ?? false)) Advance();
    }

    protected TextSpan SpanFrom(int startOffset) =>
        TextSpan.FromBounds(startOffset, Math.Max(startOffset, Tokens[Math.Max(0, Pos - 1)].Span.End));

    // ---------------------------------------------------------------- expressions

    private static readonly HashSet<string> ReservedInExpressions =
        ["then", "elif", "else", "endif", "case", "endswitch", "default", "endsubformula", "subformula"];

    public ExpressionSyntax ParseExpression()
    {
        if (++_depth > MaxDepth)
        {
            _depth--;
            if (!_depthReported)
            {
                _depthReported = true;
                Diagnostics.Add(DiagnosticFacts.NestingTooDeep(Source, ErrorSpan()));
            }
            var span = new TextSpan(Current.Span.Start, 0);
            SkipToNextLine();
            return new MissingExpression(span);
        }
        try { return ParseOr(); }
        finally { _depth--; }
    }

    private bool AtOr => Current.IsKeywordIgnoreCase("or") || Current.Kind == TokenKind.PipePipe;
    private bool AtAnd => Current.IsKeywordIgnoreCase("and") || Current.Kind == TokenKind.AmpAmp;

    private ExpressionSyntax ParseOr()
    {
        var left = ParseAnd();
        while (AtOr)
        {
            var op = Advance();
            var right = ParseAnd();
            left = new BinaryExpression(left.Span.Union(right.Span), BinaryOperator.Or, op.Span, left, right);
        }
        return left;
    }

    private ExpressionSyntax ParseAnd()
    {
        var left = ParseNot();
        while (AtAnd)
        {
            var op = Advance();
            var right = ParseNot();
            left = new BinaryExpression(left.Span.Union(right.Span), BinaryOperator.And, op.Span, left, right);
        }
        return left;
    }

    private ExpressionSyntax ParseNot()
    {
        if (Current.IsKeywordIgnoreCase("not") || Current.Kind == TokenKind.Bang)
        {
            var op = Advance();
            var operand = Nested(ParseNot);
            return new UnaryExpression(op.Span.Union(operand.Span), UnaryOperator.Not, operand);
        }
        return ParseComparison();
    }

    private ExpressionSyntax Nested(Func<ExpressionSyntax> parse)
    {
        if (++_depth > MaxDepth)
        {
            _depth--;
            return ParseExpression(); // reports and recovers
        }
        try { return parse(); }
        finally { _depth--; }
    }

    private ExpressionSyntax ParseComparison()
    {
        var left = ParseAdditive();
        BinaryOperator? op = Current.Kind switch
        {
            TokenKind.EqualsEquals => BinaryOperator.Equal,
            TokenKind.BangEquals => BinaryOperator.NotEqual,
            TokenKind.Less => BinaryOperator.Less,
            TokenKind.LessEquals => BinaryOperator.LessOrEqual,
            TokenKind.Greater => BinaryOperator.Greater,
            TokenKind.GreaterEquals => BinaryOperator.GreaterOrEqual,
            _ => null,
        };
        if (op is null) return left;
        var opToken = Advance();
        var right = ParseAdditive();
        return new BinaryExpression(left.Span.Union(right.Span), op.Value, opToken.Span, left, right);
    }

    private ExpressionSyntax ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            var right = ParseMultiplicative();
            left = new BinaryExpression(left.Span.Union(right.Span), op.Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract, op.Span, left, right);
        }
        return left;
    }

    private ExpressionSyntax ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var op = Advance();
            var right = ParseUnary();
            var bop = op.Kind switch { TokenKind.Star => BinaryOperator.Multiply, TokenKind.Slash => BinaryOperator.Divide, _ => BinaryOperator.Modulo };
            left = new BinaryExpression(left.Span.Union(right.Span), bop, op.Span, left, right);
        }
        return left;
    }

    private ExpressionSyntax ParseUnary()
    {
        if (Current.Kind == TokenKind.Minus)
        {
            var op = Advance();
            var operand = Nested(ParseUnary);
            if (operand is LiteralExpression { Kind: LiteralKind.Number } n)
                return n with { Span = op.Span.Union(n.Span), Number = -n.Number };
            return new UnaryExpression(op.Span.Union(operand.Span), UnaryOperator.Negate, operand);
        }
        return ParsePostfix();
    }

    private ExpressionSyntax ParsePostfix()
    {
        var e = ParsePrimary();
        while (Current.Kind == TokenKind.OpenBracket)
        {
            Advance();
            var index = ParseExpression();
            Expect(TokenKind.CloseBracket);
            e = new IndexExpression(SpanFrom(e.Span.Start), e, index);
        }
        return e;
    }

    protected ExpressionSyntax ParsePrimary()
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokenKind.String:
                Advance();
                return new LiteralExpression(t.Span, LiteralKind.String, t.Text, 0, 0);
            case TokenKind.Number:
                Advance();
                return new LiteralExpression(t.Span, LiteralKind.Number, t.Text, t.Number, 0);
            case TokenKind.Float:
                Advance();
                return new LiteralExpression(t.Span, LiteralKind.Float, t.Text, 0, t.Double);
            case TokenKind.Duration:
                Advance();
                return new LiteralExpression(t.Span, LiteralKind.Duration, t.Text, t.Number, 0);
            case TokenKind.Variable:
                Advance();
                return new VariableExpression(t.Span, t.Text!);
            case TokenKind.OpenParen:
                {
                    Advance();
                    var inner = ParseExpression();
                    Expect(TokenKind.CloseParen);
                    return inner;
                }
            case TokenKind.OpenBracket:
                return ParseList();
            case TokenKind.Identifier:
                return ParseNamePrimary();
        }
        ReportExpected("an expression");
        var missing = new MissingExpression(new TextSpan(t.Span.Start, 0));
        // Consume the offending token unless it can close or continue an enclosing construct.
        if (t.Kind is not (TokenKind.EndOfFile or TokenKind.CloseParen or TokenKind.CloseBracket or TokenKind.CloseBrace or TokenKind.Comma or TokenKind.Identifier))
            Advance();
        return missing;
    }

    private ExpressionSyntax ParseNamePrimary()
    {
        var t = Current;
        string name = t.Text!;
        if (name.Equals("null", StringComparison.OrdinalIgnoreCase)) { Advance(); return new LiteralExpression(t.Span, LiteralKind.Null, null, 0, 0); }
        if (name.Equals("true", StringComparison.OrdinalIgnoreCase)) { Advance(); return new LiteralExpression(t.Span, LiteralKind.Bool, "true", 1, 0); }
        if (name.Equals("false", StringComparison.OrdinalIgnoreCase)) { Advance(); return new LiteralExpression(t.Span, LiteralKind.Bool, "false", 0, 0); }
        if (name == "if") return ParseIfExpression();
        if (name == "switch") return ParseSwitchExpression();
        if (ReservedInExpressions.Contains(name) || name.Equals("and", StringComparison.OrdinalIgnoreCase) || name.Equals("or", StringComparison.OrdinalIgnoreCase))
        {
            ReportExpected("an expression");
            return new MissingExpression(new TextSpan(t.Span.Start, 0));
        }
        if ((name == "filter" || name == "column") && Peek().Kind == TokenKind.ColonColon)
        {
            Advance();
            Advance();
            var nameTok = Current;
            if (nameTok.Kind != TokenKind.Identifier)
            {
                ReportExpected(name == "filter" ? "a filter macro name" : "a column name");
                return new MissingExpression(new TextSpan(nameTok.Span.Start, 0));
            }
            Advance();
            if (name == "column") return new ColumnExpression(t.Span.Union(nameTok.Span), nameTok.Text!);
            var margs = At(TokenKind.OpenParen) ? ParseArguments() : ImmutableArray<ExpressionSyntax>.Empty;
            if (margs.IsEmpty && !Tokens[Pos - 1].Kind.Equals(TokenKind.CloseParen)) ReportExpected("'(' after the macro name");
            return new MacroCallExpression(SpanFrom(t.Span.Start), nameTok.Text!, nameTok.Span, margs);
        }
        Advance();
        if (At(TokenKind.OpenParen))
        {
            var args = ParseArguments();
            return new CallExpression(SpanFrom(t.Span.Start), name, t.Span, args);
        }
        return new NameExpression(t.Span, name);
    }

    protected ImmutableArray<ExpressionSyntax> ParseArguments()
    {
        var args = ImmutableArray.CreateBuilder<ExpressionSyntax>();
        Expect(TokenKind.OpenParen);
        if (Accept(TokenKind.CloseParen)) return args.ToImmutable();
        while (true)
        {
            args.Add(ParseExpression());
            if (Accept(TokenKind.Comma)) continue;
            if (Accept(TokenKind.CloseParen)) break;
            ReportExpected("',' or ')'");
            if (!RecoverInList(TokenKind.CloseParen)) break;
        }
        return args.ToImmutable();
    }

    private ExpressionSyntax ParseList()
    {
        int start = Current.Span.Start;
        Advance();
        var items = ImmutableArray.CreateBuilder<ExpressionSyntax>();
        if (!Accept(TokenKind.CloseBracket))
        {
            while (true)
            {
                items.Add(ParseExpression());
                if (Accept(TokenKind.Comma))
                {
                    if (Accept(TokenKind.CloseBracket)) break; // trailing comma
                    continue;
                }
                if (Accept(TokenKind.CloseBracket)) break;
                ReportExpected("',' or ']'");
                if (!RecoverInList(TokenKind.CloseBracket)) break;
            }
        }
        return new ListExpression(SpanFrom(start), items.ToImmutable());
    }

    // Skips to the closing token or a comma on the same nesting level; false when the list cannot be resumed.
    private bool RecoverInList(TokenKind close)
    {
        int depth = 0;
        while (!AtEnd)
        {
            var k = Current.Kind;
            if (k is TokenKind.OpenParen or TokenKind.OpenBracket) depth++;
            else if (k is TokenKind.CloseParen or TokenKind.CloseBracket)
            {
                if (depth == 0)
                {
                    if (k == close) { Advance(); return false; }
                    return false;
                }
                depth--;
            }
            else if (k == TokenKind.Comma && depth == 0) { Advance(); return true; }
            else if (k == TokenKind.CloseBrace || (Current.FirstOnLine && depth == 0 && IsStatementStart())) return false;
            Advance();
        }
        return false;
    }

    private ExpressionSyntax ParseIfExpression()
    {
        int start = Current.Span.Start;
        Advance();
        var branches = ImmutableArray.CreateBuilder<ConditionalBranch>();
        var cond = ParseExpression();
        ExpectKeyword("then");
        branches.Add(new ConditionalBranch(cond, ParseExpression()));
        ExpressionSyntax? otherwise = null;
        while (true)
        {
            if (AcceptKeyword("elif"))
            {
                var c = ParseExpression();
                ExpectKeyword("then");
                branches.Add(new ConditionalBranch(c, ParseExpression()));
                continue;
            }
            if (AcceptKeyword("else")) otherwise = ParseExpression();
            break;
        }
        ExpectKeyword("endif");
        return new IfExpression(SpanFrom(start), branches.ToImmutable(), otherwise);
    }

    private ExpressionSyntax ParseSwitchExpression()
    {
        int start = Current.Span.Start;
        Advance();
        var subject = ParseExpression();
        var cases = ImmutableArray.CreateBuilder<SwitchCase>();
        ExpressionSyntax? dflt = null;
        while (true)
        {
            if (AcceptKeyword("case"))
            {
                var match = ParseCaseValue();
                cases.Add(new SwitchCase(match, ParseExpression()));
                continue;
            }
            if (AcceptKeyword("default") || AcceptKeyword("else")) { dflt = ParseExpression(); continue; }
            break;
        }
        ExpectKeyword("endswitch");
        return new SwitchExpression(SpanFrom(start), subject, cases.ToImmutable(), dflt);
    }

    /// <summary>A case label: a literal (possibly negative) or a list; never swallows the statement or value that follows.</summary>
    protected ExpressionSyntax ParseCaseValue()
    {
        if (At(TokenKind.Minus) && Peek().Kind == TokenKind.Number)
        {
            var minus = Advance();
            var n = Advance();
            return new LiteralExpression(minus.Span.Union(n.Span), LiteralKind.Number, "-" + n.Text, -n.Number, 0);
        }
        return ParsePrimary();
    }

    // ---------------------------------------------------------------- statements

    /// <summary>True when the current token can start a statement (used for recovery).</summary>
    protected bool IsStatementStart()
    {
        var t = Current;
        if (t.Kind == TokenKind.Variable) return Peek().Kind == TokenKind.Equals;
        if (t.Kind != TokenKind.Identifier) return false;
        return t.Text is "if" or "switch" or "drop" or "close" or "elif" or "else" or "endif" or "case" or "endswitch" or "subformula" or "endsubformula"
            || Peek().Kind is TokenKind.Equals or TokenKind.OpenParen;
    }

    /// <summary>Parses statements until one of <paramref name="terminators"/> (keywords), '}' or end of file.</summary>
    protected ImmutableArray<StatementSyntax> ParseStatements(IReadOnlySet<string> terminators, Func<bool>? extraStop = null)
    {
        var list = ImmutableArray.CreateBuilder<StatementSyntax>();
        while (!AtEnd && !At(TokenKind.CloseBrace))
        {
            if (Current.Kind == TokenKind.Identifier && terminators.Contains(Current.Text!)) break;
            if (extraStop?.Invoke() == true) break;
            int before = Pos;
            var s = ParseStatement(terminators);
            if (s is not null) list.Add(s);
            if (Pos == before) SkipToNextLine(); // guarantee progress
        }
        return list.ToImmutable();
    }

    protected virtual StatementSyntax? ParseStatement(IReadOnlySet<string> terminators)
    {
        var t = Current;
        if (t.Kind == TokenKind.Identifier)
        {
            switch (t.Text)
            {
                case "if": return ParseIfStatement(terminators);
                case "switch": return ParseSwitchStatement(terminators);
                case "drop": Advance(); return new DropStatement(t.Span);
                case "close" when Peek().Kind is not (TokenKind.Equals or TokenKind.OpenParen): Advance(); return new CloseStatement(t.Span);
                case "insert_into": return ParseTableWrite(insert: true);
                case "remove_from": return ParseTableWrite(insert: false);
                case "column" when Peek().Kind == TokenKind.ColonColon:
                    {
                        var target = ParsePrimary();
                        return FinishAssignment(target);
                    }
            }
            if (Peek().Kind == TokenKind.Equals)
            {
                Advance();
                return FinishAssignment(new NameExpression(t.Span, t.Text!));
            }
            if (Peek().Kind == TokenKind.OpenParen)
            {
                var call = ParseExpression();
                return new ExpressionStatement(call.Span, call);
            }
            if (Peek().Kind == TokenKind.OpenBracket)
            {
                ReportStatementError();
                return null;
            }
        }
        else if (t.Kind == TokenKind.Variable && Peek().Kind == TokenKind.Equals)
        {
            Advance();
            return FinishAssignment(new VariableExpression(t.Span, t.Text!));
        }
        ReportStatementError();
        return null;
    }

    private void ReportStatementError()
    {
        var t = Current;
        if (t.Kind is TokenKind.Identifier or TokenKind.Variable && Peek().Kind is TokenKind.EqualsEquals)
            Diagnostics.Add(DiagnosticFacts.Expected(Source, Peek().Span, "'=' (assignment)", "'=='"));
        else if (t.Kind is TokenKind.Identifier or TokenKind.Variable)
            Diagnostics.Add(DiagnosticFacts.Expected(Source, Peek().Span, $"'=' after {t.Describe()}", Peek().Describe()));
        else
            ReportExpected("a statement");
        SkipToNextLine(tok => tok.Kind == TokenKind.CloseBrace);
    }

    private AssignmentStatement FinishAssignment(ExpressionSyntax target)
    {
        Expect(TokenKind.Equals);
        var value = ParseExpression();
        return new AssignmentStatement(target.Span.Union(value.Span), target, value);
    }

    private static readonly HashSet<string> IfTerminators = ["elif", "else", "endif"];
    private static readonly HashSet<string> SwitchTerminators = ["case", "default", "endswitch"];

    private StatementSyntax ParseIfStatement(IReadOnlySet<string> outer)
    {
        int start = Current.Span.Start;
        Advance();
        var branches = ImmutableArray.CreateBuilder<IfBranch>();
        ImmutableArray<StatementSyntax>? otherwise = null;
        var terms = Union(IfTerminators, outer);
        var cond = ParseExpression();
        ExpectKeyword("then");
        branches.Add(new IfBranch(cond, ParseStatements(terms)));
        while (true)
        {
            if (AcceptKeyword("elif"))
            {
                var c = ParseExpression();
                ExpectKeyword("then");
                branches.Add(new IfBranch(c, ParseStatements(terms)));
                continue;
            }
            if (AcceptKeyword("else"))
            {
                otherwise = ParseStatements(terms);
                continue;
            }
            break;
        }
        if (!AcceptKeyword("endif"))
            Diagnostics.Add(DiagnosticFacts.Expected(Source, new TextSpan(start, 2), "'endif' to close this 'if'", Current.Describe()));
        return new IfStatement(SpanFrom(start), branches.ToImmutable(), otherwise);
    }

    private StatementSyntax ParseSwitchStatement(IReadOnlySet<string> outer)
    {
        int start = Current.Span.Start;
        Advance();
        var subject = ParseExpression();
        var cases = ImmutableArray.CreateBuilder<SwitchStatementCase>();
        ImmutableArray<StatementSyntax>? dflt = null;
        var terms = Union(SwitchTerminators, outer);
        while (true)
        {
            if (AcceptKeyword("case"))
            {
                var match = ParseCaseValue();
                cases.Add(new SwitchStatementCase(match, ParseStatements(terms)));
                continue;
            }
            if (AcceptKeyword("default")) { dflt = ParseStatements(terms); continue; }
            break;
        }
        if (!AcceptKeyword("endswitch"))
            Diagnostics.Add(DiagnosticFacts.Expected(Source, new TextSpan(start, 6), "'endswitch' to close this 'switch'", Current.Describe()));
        return new SwitchStatement(SpanFrom(start), subject, cases.ToImmutable(), dflt);
    }

    private StatementSyntax ParseTableWrite(bool insert)
    {
        int start = Current.Span.Start;
        Advance();
        var name = Expect(TokenKind.Identifier, "a tabular list name");
        var columns = ImmutableArray.CreateBuilder<AssignmentStatement>();
        Expect(TokenKind.OpenBrace);
        foreach (var s in ParseStatements(new HashSet<string>()))
        {
            if (s is AssignmentStatement { Target: ColumnExpression } a) columns.Add(a);
            else Diagnostics.Add(DiagnosticFacts.StatementNotAllowed(Source, s.Span, "only 'column::name = value' assignments are", insert ? "in insert_into" : "in remove_from"));
        }
        Expect(TokenKind.CloseBrace);
        return insert
            ? new InsertIntoStatement(SpanFrom(start), name.Text ?? "", name.Span, columns.ToImmutable())
            : new RemoveFromStatement(SpanFrom(start), name.Text ?? "", name.Span, columns.ToImmutable());
    }

    protected static IReadOnlySet<string> Union(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        if (b.Count == 0) return a;
        var set = new HashSet<string>(a);
        set.UnionWith(b);
        return set;
    }

    /// <summary>Parses a block <c>{ statements }</c>.</summary>
    protected ImmutableArray<StatementSyntax> ParseBlock()
    {
        Expect(TokenKind.OpenBrace);
        var body = ParseStatements(new HashSet<string>());
        Expect(TokenKind.CloseBrace);
        return body;
    }
}
