using Vigil.Language.Text;

namespace Vigil.Language.Syntax;

public enum TokenKind : byte
{
    EndOfFile,
    Identifier,   // plain or dotted name: lower, subject.account.name, EVENTLOG, and keywords
    Variable,     // $name or $dotted.name (Text holds the name without '$')
    String,       // Text holds the unescaped value
    Number,       // Number holds the value
    Float,        // Double holds the value
    Duration,     // Number holds seconds: 10s, 5m, 2h, 1d
    Equals,
    EqualsEquals,
    BangEquals,
    Less,
    LessEquals,
    Greater,
    GreaterEquals,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    OpenBrace,
    CloseBrace,
    Comma,
    Colon,
    ColonColon,
    Arrow,
    Question,
    Bang,
    AmpAmp,
    PipePipe,
    Bad,
}

/// <summary>
/// One token. Newlines are not tokens: XP statements end where an expression cannot continue
/// (the corpus even has `x = "a"if …` on one line), so the parser only needs <see cref="FirstOnLine"/> for error recovery.
/// </summary>
public readonly record struct Token(TokenKind Kind, TextSpan Span, string? Text, long Number, double Double, bool FirstOnLine)
{
    public bool IsKeyword(string keyword) => Kind == TokenKind.Identifier && string.Equals(Text, keyword, StringComparison.Ordinal);

    public bool IsKeywordIgnoreCase(string keyword) => Kind == TokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public string Describe() => Kind switch
    {
        TokenKind.EndOfFile => "end of file",
        TokenKind.Identifier => $"'{Text}'",
        TokenKind.Variable => $"'${Text}'",
        TokenKind.String => "a string",
        TokenKind.Number or TokenKind.Float => "a number",
        TokenKind.Duration => "a duration",
        TokenKind.Bad => "an invalid character",
        _ => $"'{Punctuation(Kind)}'",
    };

    public static string Punctuation(TokenKind kind) => kind switch
    {
        TokenKind.Equals => "=",
        TokenKind.EqualsEquals => "==",
        TokenKind.BangEquals => "!=",
        TokenKind.Less => "<",
        TokenKind.LessEquals => "<=",
        TokenKind.Greater => ">",
        TokenKind.GreaterEquals => ">=",
        TokenKind.Plus => "+",
        TokenKind.Minus => "-",
        TokenKind.Star => "*",
        TokenKind.Slash => "/",
        TokenKind.Percent => "%",
        TokenKind.OpenParen => "(",
        TokenKind.CloseParen => ")",
        TokenKind.OpenBracket => "[",
        TokenKind.CloseBracket => "]",
        TokenKind.OpenBrace => "{",
        TokenKind.CloseBrace => "}",
        TokenKind.Comma => ",",
        TokenKind.Colon => ":",
        TokenKind.ColonColon => "::",
        TokenKind.Arrow => "->",
        TokenKind.Question => "?",
        TokenKind.Bang => "!",
        TokenKind.AmpAmp => "&&",
        TokenKind.PipePipe => "||",
        TokenKind.Identifier => "a name",
        TokenKind.Variable => "a $variable",
        TokenKind.String => "a string",
        TokenKind.Number => "a number",
        TokenKind.Duration => "a duration",
        TokenKind.EndOfFile => "end of file",
        _ => kind.ToString(),
    };
}
