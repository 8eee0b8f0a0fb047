using System.Collections.Immutable;
using System.Text;
using Vigil.Language.Syntax;

namespace Vigil.Language.Parsing;

/// <summary>
/// Parses a TEXT pattern (the argument of <c>TEXT = '…'</c>):
/// <code>
/// pattern  := ( literal-char | whitespace | group )*
/// group    := '{' alt ( '|' alt )* '?'? '}'
/// alt      := ( item | whitespace )*
/// item     := [ capture '=' ] ( TOKEN [ '(' args ')' ] [ '+' | '*' ] | quoted )
/// capture  := field.name | $name
/// </code>
/// Errors are returned with offsets into the pattern; the caller maps them onto the source file.
/// </summary>
public sealed class TextPatternParser
{
    private readonly string _s;
    private int _pos;
    private readonly List<(int Offset, string Message)> _errors = [];

    private TextPatternParser(string pattern) => _s = pattern;

    public static TextPattern Parse(string pattern, out IReadOnlyList<(int Offset, string Message)> errors)
    {
        var p = new TextPatternParser(pattern);
        var pieces = p.ParseSequence(topLevel: true);
        errors = p._errors;
        return new TextPattern(pieces);
    }

    private ImmutableArray<PatternPiece> ParseSequence(bool topLevel)
    {
        var pieces = ImmutableArray.CreateBuilder<PatternPiece>();
        var lit = new StringBuilder();
        int litStart = -1;

        void FlushLiteral()
        {
            if (lit.Length == 0) return;
            pieces.Add(new PatternLiteral(litStart, _pos - litStart, lit.ToString(), null));
            lit.Clear();
        }

        while (_pos < _s.Length)
        {
            char c = _s[_pos];
            if (char.IsWhiteSpace(c))
            {
                FlushLiteral();
                int ws = _pos;
                while (_pos < _s.Length && char.IsWhiteSpace(_s[_pos])) _pos++;
                // Leading/trailing pattern whitespace is ignored (spec §4); inner runs match optional whitespace.
                if (pieces.Count > 0 && _pos < _s.Length) pieces.Add(new PatternWhitespace(ws, _pos - ws));
                continue;
            }
            if (c == '{')
            {
                FlushLiteral();
                pieces.Add(ParseGroup());
                continue;
            }
            if (litStart < 0 || lit.Length == 0) litStart = _pos;
            lit.Append(c);
            _pos++;
        }
        FlushLiteral();
        _ = topLevel;
        return pieces.ToImmutable();
    }

    private PatternGroup ParseGroup()
    {
        int start = _pos++;
        var alts = ImmutableArray.CreateBuilder<ImmutableArray<PatternPiece>>();
        var current = ImmutableArray.CreateBuilder<PatternPiece>();
        bool optional = false;
        while (true)
        {
            SkipSpaces(current);
            if (_pos >= _s.Length)
            {
                _errors.Add((start, "unclosed '{' in TEXT pattern"));
                break;
            }
            char c = _s[_pos];
            if (c == '}') { _pos++; break; }
            if (c == '|') { _pos++; alts.Add(Trim(current)); current = ImmutableArray.CreateBuilder<PatternPiece>(); continue; }
            if (c == '?')
            {
                _pos++;
                SkipSpacesOnly();
                if (_pos < _s.Length && _s[_pos] == '}') { optional = true; continue; }
                _errors.Add((_pos - 1, "'?' must be the last character of a group: {… ?}"));
                continue;
            }
            var item = ParseItem();
            if (item is null) continue;
            current.Add(item);
        }
        alts.Add(Trim(current));
        return new PatternGroup(start, _pos - start, alts.ToImmutable(), optional);
    }

    private static ImmutableArray<PatternPiece> Trim(ImmutableArray<PatternPiece>.Builder b)
    {
        while (b.Count > 0 && b[^1] is PatternWhitespace) b.RemoveAt(b.Count - 1);
        while (b.Count > 0 && b[0] is PatternWhitespace) b.RemoveAt(0);
        return b.ToImmutable();
    }

    private void SkipSpaces(ImmutableArray<PatternPiece>.Builder into)
    {
        int ws = _pos;
        while (_pos < _s.Length && char.IsWhiteSpace(_s[_pos])) _pos++;
        if (_pos > ws && into.Count > 0) into.Add(new PatternWhitespace(ws, _pos - ws));
    }

    private void SkipSpacesOnly()
    {
        while (_pos < _s.Length && char.IsWhiteSpace(_s[_pos])) _pos++;
    }

    private PatternPiece? ParseItem()
    {
        int start = _pos;
        char c = _s[_pos];
        if (c == '\'' || c == '"') return ParseQuoted(null, start);

        PatternCapture? capture = null;
        if (c == '$' || char.IsAsciiLetter(c) || c == '_')
        {
            int nameStart = _pos;
            if (c == '$') _pos++;
            int identStart = _pos;
            while (_pos < _s.Length && (char.IsAsciiLetterOrDigit(_s[_pos]) || _s[_pos] == '_' || _s[_pos] == '.')) _pos++;
            string name = _s[identStart.._pos];
            int afterName = _pos;
            SkipSpacesOnly();
            if (_pos < _s.Length && _s[_pos] == '=')
            {
                _pos++;
                SkipSpacesOnly();
                capture = new PatternCapture(name, c == '$', nameStart, afterName - nameStart);
                if (_pos >= _s.Length) { _errors.Add((start, "capture has no token after '='")); return null; }
                if (_s[_pos] == '\'' || _s[_pos] == '"') return ParseQuoted(capture, start);
                return ParseToken(start, capture);
            }
            if (c == '$')
            {
                _errors.Add((start, $"'${name}' must be followed by '=' and a token"));
                return null;
            }
            _pos = nameStart;
            return ParseToken(start, null);
        }
        _errors.Add((start, $"unexpected '{c}' in a TEXT pattern group; expected a token, a quoted literal or '|'"));
        _pos++;
        return null;
    }

    private PatternToken? ParseToken(int start, PatternCapture? capture)
    {
        int nameStart = _pos;
        while (_pos < _s.Length && (char.IsAsciiLetterOrDigit(_s[_pos]) || _s[_pos] == '_')) _pos++;
        string name = _s[nameStart.._pos];
        if (name.Length == 0)
        {
            _errors.Add((start, "expected a token such as WORD, NUMBER, STRING, REST, UNTIL('…')"));
            if (_pos < _s.Length) _pos++;
            return null;
        }
        var args = ImmutableArray<string>.Empty;
        if (_pos < _s.Length && _s[_pos] == '(') args = ParseArguments();
        var repeat = PatternRepeat.One;
        if (_pos < _s.Length && _s[_pos] == '+') { repeat = PatternRepeat.OneOrMore; _pos++; }
        else if (_pos < _s.Length && _s[_pos] == '*') { repeat = PatternRepeat.ZeroOrMore; _pos++; }

        if (!TryTokenType(name, out var type))
        {
            _errors.Add((nameStart, $"unknown TEXT pattern token '{name}'; expected one of NUMBER, WORD, WORDDASH, STRING, LITERAL, UNTIL, REST, DATETIME, IPV4, IPV6, IP, HOSTNAME, MACADDR, DURATION, NTUSER, CSV, KEYVALUE"));
            return null;
        }
        int expectedArgs = type switch { PatternTokenType.Until => 1, PatternTokenType.Csv => 2, PatternTokenType.KeyValue => 3, _ => 0 };
        if (type == PatternTokenType.Csv && args.Length is 1 or 2) expectedArgs = args.Length;
        if (type == PatternTokenType.KeyValue && args.Length is 2 or 3) expectedArgs = args.Length;
        if (args.Length != expectedArgs)
            _errors.Add((nameStart, $"token {name} takes {expectedArgs} argument{(expectedArgs == 1 ? "" : "s")}, got {args.Length}"));
        return new PatternToken(start, _pos - start, type, args, repeat, capture);
    }

    private ImmutableArray<string> ParseArguments()
    {
        var args = ImmutableArray.CreateBuilder<string>();
        int open = _pos++;
        while (true)
        {
            SkipSpacesOnly();
            if (_pos >= _s.Length) { _errors.Add((open, "unclosed '(' in token arguments")); break; }
            char c = _s[_pos];
            if (c == ')') { _pos++; break; }
            if (c == ',') { _pos++; continue; }
            if (c == '\'' || c == '"')
            {
                args.Add(ReadQuoted(out _));
                continue;
            }
            _errors.Add((_pos, "token arguments must be quoted strings"));
            _pos++;
        }
        return args.ToImmutable();
    }

    private PatternLiteral ParseQuoted(PatternCapture? capture, int start)
    {
        string text = ReadQuoted(out bool ok);
        if (!ok) _errors.Add((start, "unterminated quoted literal in TEXT pattern"));
        return new PatternLiteral(start, _pos - start, text, capture);
    }

    // Inside a pattern, quoted text takes a second round of escapes: '\\\\' in the formula is `\\` here, i.e. one backslash.
    private string ReadQuoted(out bool ok)
    {
        char q = _s[_pos++];
        var sb = new StringBuilder();
        while (_pos < _s.Length)
        {
            char c = _s[_pos];
            if (c == q) { _pos++; ok = true; return sb.ToString(); }
            if (c == '\\' && _pos + 1 < _s.Length)
            {
                char e = _s[_pos + 1];
                switch (e)
                {
                    case '\\' or '\'' or '"': sb.Append(e); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    default: sb.Append('\\').Append(e); break;
                }
                _pos += 2;
                continue;
            }
            sb.Append(c);
            _pos++;
        }
        ok = false;
        return sb.ToString();
    }

    public static bool TryTokenType(string name, out PatternTokenType type)
    {
        switch (name)
        {
            case "NUMBER": type = PatternTokenType.Number; return true;
            case "WORD": type = PatternTokenType.Word; return true;
            case "WORDDASH": type = PatternTokenType.WordDash; return true;
            case "STRING": type = PatternTokenType.String; return true;
            case "LITERAL": type = PatternTokenType.Literal; return true;
            case "UNTIL": type = PatternTokenType.Until; return true;
            case "REST": type = PatternTokenType.Rest; return true;
            case "DATETIME": type = PatternTokenType.DateTime; return true;
            case "IPV4": type = PatternTokenType.IPv4; return true;
            case "IPV6": type = PatternTokenType.IPv6; return true;
            case "IP": type = PatternTokenType.Ip; return true;
            case "HOSTNAME": type = PatternTokenType.Hostname; return true;
            case "MACADDR": type = PatternTokenType.MacAddr; return true;
            case "DURATION": type = PatternTokenType.Duration; return true;
            case "NTUSER": type = PatternTokenType.NtUser; return true;
            case "CSV": type = PatternTokenType.Csv; return true;
            case "KEYVALUE": type = PatternTokenType.KeyValue; return true;
            default: type = default; return false;
        }
    }
}
