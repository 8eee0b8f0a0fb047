using System.Globalization;
using System.Text;
using Vigil.Language.Diagnostics;
using Vigil.Language.Text;

namespace Vigil.Language.Syntax;

/// <summary>
/// Tokenizer shared by every XP file kind (.xp, .co, .en, .flt). Linear in the input and never throws:
/// bad characters become <see cref="TokenKind.Bad"/> tokens with a diagnostic, an unterminated string is
/// reported at its opening quote and lexing resumes on the next line.
/// </summary>
public sealed class Lexer
{
    private readonly SourceText _src;
    private readonly string _text;
    private readonly DiagnosticBag _diagnostics;
    private int _pos;
    private bool _lineStart = true;
    // Names repeat a lot (field names, functions); interning keeps a huge file from making millions of strings.
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _nameLookup;

    private Lexer(SourceText src, DiagnosticBag diagnostics)
    {
        _src = src;
        _text = src.Text;
        _diagnostics = diagnostics;
        _nameLookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private string Intern(int start, int end)
    {
        var span = _text.AsSpan(start, end - start);
        if (_nameLookup.TryGetValue(span, out var s)) return s;
        s = span.ToString();
        if (_names.Count < 100_000) _names[s] = s;
        return s;
    }

    public static List<Token> Tokenize(SourceText src, DiagnosticBag diagnostics)
    {
        var lexer = new Lexer(src, diagnostics);
        var tokens = new List<Token>(Math.Min(src.Length / 3 + 16, 1 << 20));
        while (true)
        {
            var t = lexer.Next();
            tokens.Add(t);
            if (t.Kind == TokenKind.EndOfFile) return tokens;
        }
    }

    private Token Next()
    {
        SkipTrivia();
        bool first = _lineStart;
        _lineStart = false;
        int start = _pos;
        if (_pos >= _text.Length) return new Token(TokenKind.EndOfFile, new TextSpan(_text.Length, 0), null, 0, 0, true);
        char c = _text[_pos];

        if (IsIdentStart(c)) return Identifier(start, first);
        if (c == '$') return VariableToken(start, first);
        if (char.IsAsciiDigit(c)) return NumberToken(start, first);
        if (c == '"' || c == '\'') return StringToken(start, first);

        _pos++;
        TokenKind kind;
        switch (c)
        {
            case '=': kind = Match('=') ? TokenKind.EqualsEquals : TokenKind.Equals; break;
            case '!': kind = Match('=') ? TokenKind.BangEquals : TokenKind.Bang; break;
            case '<': kind = Match('=') ? TokenKind.LessEquals : Match('>') ? TokenKind.BangEquals : TokenKind.Less; break;
            case '>': kind = Match('=') ? TokenKind.GreaterEquals : TokenKind.Greater; break;
            case '+': kind = TokenKind.Plus; break;
            case '-': kind = Match('>') ? TokenKind.Arrow : TokenKind.Minus; break;
            case '*': kind = TokenKind.Star; break;
            case '/': kind = TokenKind.Slash; break;
            case '%': kind = TokenKind.Percent; break;
            case '(': kind = TokenKind.OpenParen; break;
            case ')': kind = TokenKind.CloseParen; break;
            case '[': kind = TokenKind.OpenBracket; break;
            case ']': kind = TokenKind.CloseBracket; break;
            case '{': kind = TokenKind.OpenBrace; break;
            case '}': kind = TokenKind.CloseBrace; break;
            case ',': kind = TokenKind.Comma; break;
            case ':': kind = Match(':') ? TokenKind.ColonColon : TokenKind.Colon; break;
            case '?': kind = TokenKind.Question; break;
            case '&' when Match('&'): kind = TokenKind.AmpAmp; break;
            case '|' when Match('|'): kind = TokenKind.PipePipe; break;
            default:
                _diagnostics.Add(DiagnosticFacts.UnexpectedCharacter(_src, start, c));
                // A run of garbage is one token (and one diagnostic) rather than thousands.
                while (_pos < _text.Length && IsGarbage(_text[_pos])) _pos++;
                kind = TokenKind.Bad;
                break;
        }
        return new Token(kind, TextSpan.FromBounds(start, _pos), null, 0, 0, first);
    }

    private static bool IsGarbage(char c) =>
        !(IsIdentStart(c) || char.IsAsciiDigit(c) || char.IsWhiteSpace(c) || "$\"'=!<>+-*/%()[]{},:?&|#".Contains(c));

    private bool Match(char c)
    {
        if (_pos < _text.Length && _text[_pos] == c) { _pos++; return true; }
        return false;
    }

    private void SkipTrivia()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '\n' || c == '\r') { _lineStart = true; _pos++; }
            else if (c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\u00A0' || c == '\uFEFF') _pos++;
            else if (c == '#')
            {
                int nl = _text.AsSpan(_pos).IndexOfAny('\n', '\r');
                _pos = nl < 0 ? _text.Length : _pos + nl;
            }
            else break;
        }
    }

    internal static bool IsIdentStart(char c) => char.IsAsciiLetter(c) || c == '_';
    internal static bool IsIdentPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private Token Identifier(int start, bool first)
    {
        ScanDottedName();
        return new Token(TokenKind.Identifier, TextSpan.FromBounds(start, _pos), Intern(start, _pos), 0, 0, first);
    }

    // Dotted names: a '.' continues the name only when a name character follows (subject.account.name, numfield3).
    private void ScanDottedName()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (IsIdentPart(c)) _pos++;
            else if (c == '.' && _pos + 1 < _text.Length && IsIdentPart(_text[_pos + 1])) _pos++;
            else break;
        }
    }

    private Token VariableToken(int start, bool first)
    {
        _pos++;
        if (_pos >= _text.Length || !IsIdentPart(_text[_pos]))
        {
            _diagnostics.Add(DiagnosticFacts.UnexpectedCharacter(_src, start, '$'));
            return new Token(TokenKind.Bad, new TextSpan(start, 1), null, 0, 0, first);
        }
        int nameStart = _pos;
        ScanDottedName();
        return new Token(TokenKind.Variable, TextSpan.FromBounds(start, _pos), Intern(nameStart, _pos), 0, 0, first);
    }

    private Token NumberToken(int start, bool first)
    {
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
        var digits = _text.AsSpan(start, _pos - start);
        // Duration literal: 10s, 5m, 2h, 1d (a unit letter not followed by a name character).
        if (_pos < _text.Length && "smhd".Contains(_text[_pos]) && (_pos + 1 >= _text.Length || !IsIdentPart(_text[_pos + 1])))
        {
            char unit = _text[_pos++];
            long mul = unit switch { 's' => 1, 'm' => 60, 'h' => 3600, _ => 86400 };
            if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long n) || n > long.MaxValue / mul)
            {
                _diagnostics.Add(DiagnosticFacts.NumberTooLarge(_src, TextSpan.FromBounds(start, _pos)));
                n = 0;
            }
            return new Token(TokenKind.Duration, TextSpan.FromBounds(start, _pos), _text[start.._pos], n * mul, 0, first);
        }
        if (_pos + 1 < _text.Length && _text[_pos] == '.' && char.IsAsciiDigit(_text[_pos + 1]))
        {
            _pos++;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
            double d = double.Parse(_text.AsSpan(start, _pos - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            return new Token(TokenKind.Float, TextSpan.FromBounds(start, _pos), _text[start.._pos], 0, d, first);
        }
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
        {
            _diagnostics.Add(DiagnosticFacts.NumberTooLarge(_src, TextSpan.FromBounds(start, _pos)));
            value = 0;
        }
        return new Token(TokenKind.Number, TextSpan.FromBounds(start, _pos), _text[start.._pos], value, 0, first);
    }

    private Token StringToken(int start, bool first)
    {
        char quote = _text[_pos++];
        var sb = new StringBuilder();
        int firstLineEnd = -1;
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == quote)
            {
                _pos++;
                return new Token(TokenKind.String, TextSpan.FromBounds(start, _pos), sb.ToString(), 0, 0, first);
            }
            if ((c == '\n' || c == '\r') && firstLineEnd < 0) firstLineEnd = _pos;
            if (c == '\\' && _pos + 1 < _text.Length)
            {
                ReadEscape(sb);
                continue;
            }
            sb.Append(c);
            _pos++;
        }
        // Unterminated: strings may legally span lines (TEXT patterns), so report at the quote and
        // resume after the opening line; that keeps later errors visible.
        _diagnostics.Add(DiagnosticFacts.UnterminatedString(_src, start));
        _pos = firstLineEnd >= 0 ? firstLineEnd : _text.Length;
        return new Token(TokenKind.String, TextSpan.FromBounds(start, _pos), sb.ToString(), 0, 0, first);
    }

    // Known C escapes are decoded; any other backslash pair is kept as written, because regex and glob
    // arguments (\d, \S, \.) must reach their engines unchanged (spec correlation §2).
    private void ReadEscape(StringBuilder sb)
    {
        char e = _text[_pos + 1];
        switch (e)
        {
            case '\\': sb.Append('\\'); _pos += 2; return;
            case '\'': sb.Append('\''); _pos += 2; return;
            case '"': sb.Append('"'); _pos += 2; return;
            case 'n': sb.Append('\n'); _pos += 2; return;
            case 'r': sb.Append('\r'); _pos += 2; return;
            case 't': sb.Append('\t'); _pos += 2; return;
            case 'a': sb.Append('\a'); _pos += 2; return;
            case 'b': sb.Append('\b'); _pos += 2; return;
            case 'f': sb.Append('\f'); _pos += 2; return;
            case 'v': sb.Append('\v'); _pos += 2; return;
            case 'u':
                if (_pos + 6 <= _text.Length && int.TryParse(_text.AsSpan(_pos + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int cp))
                {
                    sb.Append((char)cp);
                    _pos += 6;
                    return;
                }
                _diagnostics.Add(DiagnosticFacts.InvalidEscape(_src, new TextSpan(_pos, 2), "\\u"));
                sb.Append("\\u");
                _pos += 2;
                return;
            default:
                sb.Append('\\').Append(e);
                _pos += 2;
                return;
        }
    }
}
