using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Vigil.Events;
using Vigil.Language.Binding;
using Vigil.Language.Syntax;
using Vigil.Runtime;

namespace Vigil.Normalization;

/// <summary>
/// A TEXT pattern compiled to a node tree and matched by backtracking over the input string (regex semantics,
/// spec normalization §4) without building a Regex: every token is a small hand-written scanner, the
/// continuation after each group is precomputed, and captures go to a reusable log — so a match allocates
/// only the captured strings.
/// </summary>
public sealed partial class TextPatternMatcher
{
    // The matcher switches on Kind (a jump table) rather than testing the node's type case by case.
    private enum NodeKind : byte { Literal, Whitespace, Group, Token }
    private abstract class Node(NodeKind kind) { public readonly NodeKind Kind = kind; }
    private sealed class LiteralNode(string text, int capture) : Node(NodeKind.Literal)
    {
        public readonly string Text = text;
        public readonly int Capture = capture;
        // Blanks before a literal that opens with a non-blank are skipped (unless it opens its sequence).
        public readonly bool SkipsBlanksBefore = text.Length > 0 && !char.IsWhiteSpace(text[0]);
    }
    private sealed class WhitespaceNode() : Node(NodeKind.Whitespace)
    {
        // True when the node after this one skips leading blanks itself: then leaving blanks unconsumed here leads
        // to the very same match, and trying it only doubles the backtracking per blank run (2^n on a failing line).
        public bool NextSkipsBlanks;
    }
    private sealed class TokenNode(PatternTokenType type, ImmutableArray<string> args, PatternRepeat repeat, int capture) : Node(NodeKind.Token)
    {
        public readonly PatternTokenType Type = type;
        public readonly bool SkipsBlanks = SkipsBlanks(type);
        public readonly string Arg0 = args.Length > 0 ? args[0] : "";
        public readonly string Arg1 = args.Length > 1 ? args[1] : "";
        public readonly string Arg2 = args.Length > 2 ? args[2] : "";
        public readonly PatternRepeat Repeat = repeat;
        public readonly int Capture = capture;
        // What the rest of the pattern can start with after this token (null: anything). A token backtracks by
        // giving up characters one at a time; an end the rest cannot even start at is skipped without trying it.
        public FollowSet? Follow;
    }
    private sealed class GroupNode(bool optional) : Node(NodeKind.Group)
    {
        public readonly bool Optional = optional;
        public Seq[] Alternatives = [];
    }

    /// <summary>A sequence of nodes and where matching continues when it ends (null: end of pattern).</summary>
    private sealed class Seq(Node[] nodes)
    {
        public readonly Node[] Nodes = nodes;
        public Seq? Parent;
        public int ParentIndex; // index in Parent.Nodes of the group this sequence belongs to
    }

    /// <summary>
    /// One capture site. <see cref="Early"/>: written before the COND runs (it reads the target).
    /// <see cref="KeptKind"/>: a captured value of this kind is already of the target field's type (Null: always coerce).
    /// </summary>
    private readonly record struct Capture(CaptureTarget Target, PatternTokenType Type, bool IsLiteral, string LiteralText, string Arg0, string Arg1, string Arg2, bool Early)
    {
        public ValueKind KeptKind { get; } = Target.Field is { } f ? KindKeptAsIs(f.Type, Type, IsLiteral) : ValueKind.Null;

        /// <summary>The token's text never starts or ends with a blank (its scanner stops at one): trimming it is a no-op.</summary>
        public bool Untrimmed { get; } = !IsLiteral && Type is PatternTokenType.Word or PatternTokenType.WordDash or PatternTokenType.Number
            or PatternTokenType.Hostname or PatternTokenType.IPv4 or PatternTokenType.IPv6 or PatternTokenType.Ip or PatternTokenType.MacAddr
            or PatternTokenType.NtUser or PatternTokenType.String or PatternTokenType.Literal;
    }

    // The value kinds FieldCoercion.Coerce returns unchanged for a field of this type; an IP token's text was
    // validated by the scanner with the same parsers, and is trimmed, so an IP field keeps it as is too.
    private static ValueKind KindKeptAsIs(FieldType field, PatternTokenType token, bool isLiteral) => field switch
    {
        FieldType.Ip when !isLiteral && token is PatternTokenType.IPv4 or PatternTokenType.IPv6 or PatternTokenType.Ip => ValueKind.String,
        _ => FieldCoercion.KindKeptAsIs(field),
    };

    private readonly Seq _root;
    private readonly Capture[] _captures;

    private TextPatternMatcher(Seq root, Capture[] captures)
    {
        _root = root;
        _captures = captures;
        _hasLateCaptures = captures.Any(c => !c.Early);
    }

    // Without a COND (or one that reads every capture) all captures are written before it: no second pass over the log.
    private readonly bool _hasLateCaptures;

    /// <summary>Text every matching input starts with (null when unknown): lets an index skip the pattern cheaply.</summary>
    public string? LiteralPrefix { get; private init; }

    /// <summary>Words (runs of letters, digits, _) that every matching input contains; a cheap pre-check before matching.</summary>
    public string[] RequiredWords { get; private init; } = [];

    public static TextPatternMatcher Compile(TextPattern pattern, IReadOnlyDictionary<PatternCapture, CaptureTarget> targets) =>
        Compile(pattern, targets, null);

    /// <summary>Compiles a pattern whose matches a COND reading <paramref name="condReads"/> judges (null: unknown, all captures first).</summary>
    internal static TextPatternMatcher Compile(TextPattern pattern, IReadOnlyDictionary<PatternCapture, CaptureTarget> targets, ConditionReads? condReads)
    {
        var captures = new List<Capture>();
        var root = BuildSeq(pattern.Pieces, targets, captures);
        SetFollowSets(root);
        if (condReads is not null)
            for (int i = 0; i < captures.Count; i++) captures[i] = captures[i] with { Early = condReads.Reads(captures[i].Target) };
        string? prefix = root.Nodes.Length > 0 && root.Nodes[0] is LiteralNode { Capture: < 0 } lit ? SafePrefix(lit.Text) : null;
        // Blanks may appear inside a literal between a word and punctuation, so only whole word runs are
        // guaranteed to occur verbatim; the longest few make the pre-check selective.
        // The prefix check already covers the literal prefix's word.
        var words = root.Nodes.OfType<LiteralNode>().SelectMany(l => WordRuns(l.Text)).Where(w => w.Length >= 3 && w != prefix)
            .Distinct(StringComparer.Ordinal).OrderByDescending(w => w.Length).Take(3).ToArray();
        // Temporaries whose every capture is a piece of the line's text (not a literal's text, number, list or map).
        var textSlots = captures.Where(c => c.Target.Field is null).GroupBy(c => c.Target.Slot)
            .Where(g => g.All(c => !c.IsLiteral && IsTextToken(c.Type))).Select(g => g.Key).ToHashSet();
        return new TextPatternMatcher(root, captures.ToArray()) { LiteralPrefix = prefix, RequiredWords = words, TextCaptureSlots = textSlots };
    }

    /// <summary>Slots that, when captured, always hold a trimmed piece of the input as a string.</summary>
    public IReadOnlySet<int> TextCaptureSlots { get; private init; } = new HashSet<int>();

    private static bool IsTextToken(PatternTokenType t) =>
        t is not (PatternTokenType.Number or PatternTokenType.Csv or PatternTokenType.KeyValue);

    /// <summary>True when <paramref name="input"/> can possibly match: it has the prefix and the required words.</summary>
    public bool MayMatch(string input) => MayMatch(input.AsSpan());

    /// <inheritdoc cref="MayMatch(string)"/>
    public bool MayMatch(ReadOnlySpan<char> input)
    {
        if (LiteralPrefix is { } p && !input.StartsWith(p, StringComparison.Ordinal)) return false;
        if (RequiredWords.Length == 0 || _wordSearch.Skip()) return true;
        foreach (var w in RequiredWords)
        {
            if (input.IndexOf(w, StringComparison.Ordinal) < 0)
            {
                _wordSearch.Record(useful: true, share: 100);
                return false;
            }
        }
        _wordSearch.Record(useful: false, share: 100);
        return true;
    }

    // The word search only pays when it turns lines away: a pattern that sees only lines its words are in (the last
    // alternative its neighbours left, the one formula of a program's lines) pauses it while under 1% of its lines are
    // turned away. It is a pre-check — the match decides either way — so this changes speed only, never an outcome.
    private ProbeGate _wordSearch;

    // The part of a leading literal an input must start with verbatim: its first word run, or its first character.
    private static string? SafePrefix(string literal)
    {
        if (literal.Length == 0 || char.IsWhiteSpace(literal[0])) return null;
        if (!IsWordChar(literal[0])) return literal[..1];
        int n = 1;
        while (n < literal.Length && IsWordChar(literal[n])) n++;
        return literal[..n];
    }

    private static IEnumerable<string> WordRuns(string literal)
    {
        int i = 0;
        while (i < literal.Length)
        {
            if (!IsWordChar(literal[i])) { i++; continue; }
            int start = i;
            while (i < literal.Length && IsWordChar(literal[i])) i++;
            yield return literal[start..i];
        }
    }

    private static Seq BuildSeq(ImmutableArray<PatternPiece> pieces, IReadOnlyDictionary<PatternCapture, CaptureTarget> targets, List<Capture> captures)
    {
        var nodes = new List<Node>(pieces.Length);
        var groups = new List<(GroupNode Node, PatternGroup Syntax)>();
        foreach (var piece in pieces)
        {
            switch (piece)
            {
                case PatternLiteral lit:
                    nodes.Add(new LiteralNode(lit.Text, AddCapture(lit.Capture, targets, captures, PatternTokenType.Literal, true, lit.Text, ImmutableArray<string>.Empty)));
                    break;
                case PatternWhitespace:
                    if (nodes.Count == 0 || nodes[^1] is not WhitespaceNode) nodes.Add(new WhitespaceNode());
                    break;
                case PatternToken tok:
                    nodes.Add(new TokenNode(tok.Type, tok.Arguments, tok.Repeat, AddCapture(tok.Capture, targets, captures, tok.Type, false, "", tok.Arguments)));
                    break;
                case PatternGroup g:
                    var gn = new GroupNode(g.Optional);
                    groups.Add((gn, g));
                    nodes.Add(gn);
                    break;
            }
        }
        var seq = new Seq(nodes.ToArray());
        foreach (var (gn, g) in groups)
        {
            gn.Alternatives = g.Alternatives.Select(alt =>
            {
                var s = BuildSeq(alt, targets, captures);
                s.Parent = seq;
                s.ParentIndex = Array.IndexOf(seq.Nodes, gn);
                return s;
            }).ToArray();
        }
        for (int i = 0; i + 1 < seq.Nodes.Length; i++)
            if (seq.Nodes[i] is WhitespaceNode ws) ws.NextSkipsBlanks = SkipsLeadingBlanks(seq.Nodes[i + 1], first: false);
        return seq;
    }

    /// <summary>Whether matching <paramref name="node"/> always starts by skipping blanks (<paramref name="first"/>: it opens its sequence).</summary>
    private static bool SkipsLeadingBlanks(Node node, bool first) => node switch
    {
        // A literal skips blanks only when something precedes it in its sequence (see MatchSeq).
        LiteralNode lit => !first && lit.SkipsBlanksBefore,
        TokenNode tok => tok.SkipsBlanks,
        // Every alternative must skip them too; an optional group continues with whatever follows it.
        GroupNode g => !g.Optional && g.Alternatives.Length > 0 && g.Alternatives.All(a => a.Nodes.Length > 0 && SkipsLeadingBlanks(a.Nodes[0], first: true)),
        _ => false,
    };

    // Tokens that cannot start with whitespace skip any before them (see MatchToken).
    private static bool SkipsBlanks(PatternTokenType type) =>
        type is not (PatternTokenType.Rest or PatternTokenType.Until or PatternTokenType.Csv or PatternTokenType.KeyValue);

    private static void SetFollowSets(Seq seq) => SetFollowSets(seq, new Dictionary<(Seq, int), FollowSet?>());

    private static void SetFollowSets(Seq seq, Dictionary<(Seq, int), FollowSet?> memo)
    {
        for (int i = 0; i < seq.Nodes.Length; i++)
        {
            if (seq.Nodes[i] is TokenNode tok) tok.Follow = FollowSet.First(seq, i + 1, memo);
            else if (seq.Nodes[i] is GroupNode g)
                foreach (var alt in g.Alternatives) SetFollowSets(alt, memo);
        }
    }

    /// <summary>
    /// The characters a match of a pattern's remainder can start with, and whether it can match nothing at the end
    /// of the input: a superset (where unsure, null = anything), so pruning with it never loses a match.
    /// </summary>
    private sealed class FollowSet
    {
        private ulong _low, _high; // ASCII 0-63, 64-127
        private bool _nonAscii, _end;

        public ulong Low => _low;
        public ulong High => _high;
        public bool NonAscii => _nonAscii;
        public bool AtEnd => _end;

        public bool Allows(string s, int at, int end)
        {
            if (at >= end) return _end;
            char c = s[at];
            return c < 64 ? (_low >> c & 1) != 0 : c < 128 ? (_high >> (c - 64) & 1) != 0 : _nonAscii;
        }

        private void Add(char c)
        {
            if (c < 64) _low |= 1UL << c;
            else if (c < 128) _high |= 1UL << (c - 64);
            else _nonAscii = true;
        }

        private void AddRange(char from, char to)
        {
            for (char c = from; c <= to; c++) Add(c);
        }

        private void AddBlanks()
        {
            Add(' ');
            AddRange('\t', '\r');
            _nonAscii = true; // Unicode blanks
        }

        private void AddWordChars()
        {
            AddRange('a', 'z');
            AddRange('A', 'Z');
            AddRange('0', '9');
            Add('_');
            _nonAscii = true; // letters and digits beyond ASCII
        }

        private void AddHex()
        {
            AddRange('0', '9');
            AddRange('a', 'f');
            AddRange('A', 'F');
        }

        private void Union(FollowSet o)
        {
            _low |= o._low;
            _high |= o._high;
            _nonAscii |= o._nonAscii;
            _end |= o._end;
        }

        /// <summary>What matching <paramref name="seq"/> from node <paramref name="index"/> on (and then its continuation) can start with.</summary>
        /// <remarks>Memoized per position: optional groups with empty alternatives would otherwise branch twice per group.</remarks>
        public static FollowSet? First(Seq seq, int index, Dictionary<(Seq, int), FollowSet?> memo)
        {
            if (memo.TryGetValue((seq, index), out var known)) return known;
            var result = Compute(seq, index, memo);
            memo[(seq, index)] = result;
            return result;
        }

        private static FollowSet? Compute(Seq seq, int index, Dictionary<(Seq, int), FollowSet?> memo)
        {
            var set = new FollowSet();
            for (int i = index; i < seq.Nodes.Length; i++)
            {
                switch (seq.Nodes[i])
                {
                    case LiteralNode lit:
                        if (lit.Text.Length == 0) continue;
                        // Blanks before a literal are skipped (see MatchSeq).
                        set.AddBlanks();
                        set.Add(lit.Text[0]);
                        return set;
                    case WhitespaceNode:
                        set.AddBlanks();
                        continue;
                    case TokenNode tok:
                        return set.AddToken(tok) ? set : null;
                    case GroupNode g:
                        // Each alternative's first set reaches past the group itself (its sequence continues in the parent).
                        foreach (var alt in g.Alternatives)
                        {
                            if (First(alt, 0, memo) is not { } a) return null;
                            set.Union(a);
                        }
                        if (g.Optional)
                        {
                            if (First(seq, i + 1, memo) is not { } rest) return null;
                            set.Union(rest);
                        }
                        return set;
                    default:
                        return null;
                }
            }
            if (seq.Parent is null)
            {
                set._end = true;
                return set;
            }
            if (First(seq.Parent, seq.ParentIndex + 1, memo) is not { } after) return null;
            set.Union(after);
            return set;
        }

        // A token that matches at least one character from a known class; false when it could start with anything or match nothing.
        private bool AddToken(TokenNode tok)
        {
            if (tok.Repeat != PatternRepeat.One) return false;
            switch (tok.Type)
            {
                case PatternTokenType.Number: AddRange('0', '9'); Add('-'); Add('+'); break;
                case PatternTokenType.Word: case PatternTokenType.Hostname: AddWordChars(); break;
                case PatternTokenType.WordDash: AddWordChars(); Add('-'); break;
                case PatternTokenType.IPv4: AddRange('0', '9'); Add('.'); break;
                case PatternTokenType.IPv6: case PatternTokenType.Ip: AddHex(); Add(':'); Add('.'); break;
                case PatternTokenType.MacAddr: AddHex(); Add(':'); Add('-'); Add('.'); break;
                default: return false;
            }
            if (tok.SkipsBlanks) AddBlanks();
            return true;
        }
    }

    private static int AddCapture(PatternCapture? c, IReadOnlyDictionary<PatternCapture, CaptureTarget> targets, List<Capture> captures,
        PatternTokenType type, bool isLiteral, string literal, ImmutableArray<string> args)
    {
        if (c is null || !targets.TryGetValue(c, out var target)) return -1;
        if (target.Field is null && target.Slot < 0) return -1;
        captures.Add(new Capture(target, type, isLiteral, literal,
            args.IsDefaultOrEmpty ? "" : args[0], args.Length > 1 ? args[1] : "", args.Length > 2 ? args[2] : "", Early: true));
        return captures.Count - 1;
    }

    // ------------------------------------------------------------------ matching


    // Scratch of one thread's matches; it lives on that thread's EvalContext (no thread-static lookup per match).
    internal sealed class MatchState
    {
        public (int Capture, int Start, int End)[] Log = new (int, int, int)[32];
        public int Count;
        public string Input = "";
        public int Steps;
        // The last DATETIME token's text range and instant: writing its capture need not parse the text again.
        public int TimeStart = -1, TimeEnd;
        public long TimeTicks;

        public void Push(int capture, int start, int end)
        {
            if (capture < 0) return;
            if (Count == Log.Length) Array.Resize(ref Log, Log.Length * 2);
            Log[Count++] = (capture, start, end);
        }
    }

    /// <summary>Guards against catastrophic backtracking on hostile input: a match that takes more steps fails.</summary>
    public const int MaxSteps = 1_000_000;

    /// <summary>Backtracking steps of this thread's last <see cref="Match"/> (tests bound the work with it).</summary>
    internal static int LastSteps(EvalContext ctx) => (ctx.PatternScratch as MatchState)?.Steps ?? 0;

    /// <summary>Matches the whole input; on success writes the captures into the context (fields of its event, or slots).</summary>
    public bool Match(string input, EvalContext ctx) => Match(input, ctx, null);

    /// <summary>
    /// Matches the whole input and, when it matches, runs <paramref name="condition"/> (the COND) after writing the
    /// captures it reads; the other captures are written only when it holds. False when either rejects the line.
    /// </summary>
    public bool Match(string input, EvalContext ctx, Func<EvalContext, bool>? condition) => Match(input, 0, input.Length, ctx, condition);

    /// <summary>
    /// <see cref="Match(string, EvalContext, Func{EvalContext, bool}?)"/> on the piece <c>input[start..end]</c> as if it
    /// were the whole input: a submessage over a captured piece of a line matches the line in place.
    /// </summary>
    public bool Match(string input, int start, int end, EvalContext ctx, Func<EvalContext, bool>? condition)
    {
        // Not re-entrant, and need not be: a COND runs no pattern, and a body's submessage runs after Apply.
        var st = ctx.PatternScratch as MatchState ?? (MatchState)(ctx.PatternScratch = new MatchState());
        st.Count = 0;
        st.Input = input;
        st.Steps = 0;
        st.TimeStart = -1;
        while (end > start && (input[end - 1] == '\n' || input[end - 1] == '\r')) end--;
        bool ok = RunPattern(st, start, end);
        if (ok)
        {
            Apply(st, ctx, early: true);
            // The COND runs no pattern, so the capture log is still this match's when it returns.
            ok = condition is null || condition(ctx);
            if (ok && _hasLateCaptures) Apply(st, ctx, early: false);
        }
        st.Input = "";
        return ok;
    }

    private bool MatchSeq(MatchState st, Seq seq, int index, int pos, int end)
    {
        while (true)
        {
            if (++st.Steps > MaxSteps) return false;
            if (index == seq.Nodes.Length)
            {
                if (seq.Parent is null) return pos == end;
                index = seq.ParentIndex + 1;
                seq = seq.Parent;
                continue;
            }
            var node = seq.Nodes[index];
            var s = st.Input;
            switch (node.Kind)
            {
                case NodeKind.Literal:
                    {
                        var lit = Unsafe.As<LiteralNode>(node);
                        // Blanks before a literal are optional too (`{STRING+}{'Non'?}TerminatingError(` across a line break, 4103).
                        if (index > 0 && lit.SkipsBlanksBefore)
                            while (pos < end && IsSpace(s[pos])) pos++;
                        int after = MatchLiteral(s, pos, end, lit.Text);
                        if (after < 0) return false;
                        st.Push(lit.Capture, pos, after);
                        pos = after;
                        index++;
                        continue;
                    }
                case NodeKind.Whitespace:
                    {
                        var ws = Unsafe.As<WhitespaceNode>(node);
                        int max = pos;
                        while (max < end && IsSpace(s[max])) max++;
                        if (max == pos) { index++; continue; }
                        if (ws.NextSkipsBlanks) { pos = max; index++; continue; }
                        for (int e = max; e >= pos; e--)
                            if (MatchSeq(st, seq, index + 1, e, end)) return true;
                        return false;
                    }
                case NodeKind.Group:
                    {
                        var g = Unsafe.As<GroupNode>(node);
                        int mark = st.Count;
                        foreach (var alt in g.Alternatives)
                        {
                            if (MatchSeq(st, alt, 0, pos, end)) return true;
                            st.Count = mark;
                        }
                        if (g.Optional && MatchSeq(st, seq, index + 1, pos, end)) return true;
                        st.Count = mark;
                        return false;
                    }
                case NodeKind.Token:
                    return MatchToken(st, Unsafe.As<TokenNode>(node), seq, index, pos, end);
                default:
                    return false;
            }
        }
    }

    /// <summary>
    /// Matches literal text; input whitespace is allowed between two characters of the literal unless both are
    /// word characters (PT's pattern literals are word/punctuation tokens: <c>,request:</c> matches <c>, request:</c>,
    /// TeamCity Rest_Request_Finished). Returns the end position or -1.
    /// </summary>
    private static int MatchLiteral(string s, int pos, int end, string lit)
    {
        // The usual case: the literal is there verbatim.
        if (s.AsSpan(pos, end - pos).StartsWith(lit, StringComparison.Ordinal)) return pos + lit.Length;
        return MatchLiteralTolerant(s, pos, end, lit);
    }

    /// <summary><see cref="MatchLiteral"/> without its verbatim check (the caller made it).</summary>
    internal static int MatchLiteralTolerant(string s, int pos, int end, string lit)
    {
        int p = pos;
        for (int k = 0; k < lit.Length; k++)
        {
            if (k > 0 && !(IsWordChar(lit[k - 1]) && IsWordChar(lit[k])))
                while (p < end && IsSpace(s[p]) && !char.IsWhiteSpace(lit[k])) p++;
            if (p >= end || s[p] != lit[k]) return -1;
            p++;
        }
        return p;
    }

    // ASCII fast paths: log text is overwhelmingly ASCII, and the Unicode tables are the slow part of char.IsX.
    private static bool IsWordChar(char c) => c < 128 ? (char.IsAsciiLetterOrDigit(c) || c == '_') : char.IsLetterOrDigit(c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSpace(char c) => c < 128 ? (c == ' ' || (c >= '\t' && c <= '\r')) : char.IsWhiteSpace(c);

    private bool TryRest(MatchState st, TokenNode tok, Seq seq, int index, int start, int tokenEnd, int resume, int end)
    {
        int mark = st.Count;
        st.Push(tok.Capture, start, tokenEnd);
        if (MatchSeq(st, seq, index + 1, resume, end)) return true;
        st.Count = mark;
        return false;
    }

    private bool MatchToken(MatchState st, TokenNode tok, Seq seq, int index, int pos, int end)
    {
        var s = st.Input;
        // A token that cannot start with whitespace may be preceded by some (`':{object.type=WORD}` matches `': GET`,
        // TeamCity Auth_Request_Processing): PT pattern pieces are separated by optional blanks.
        if (tok.SkipsBlanks)
            while (pos < end && IsSpace(s[pos])) pos++;
        if (tok.Repeat != PatternRepeat.One) return MatchRepeat(st, tok, seq, index, pos, end);
        switch (tok.Type)
        {
            case PatternTokenType.Rest:
                for (int e = end; e >= pos; e--)
                    if ((tok.Follow is null || tok.Follow.Allows(s, e, end)) && TryRest(st, tok, seq, index, pos, e, e, end)) return true;
                return false;
            case PatternTokenType.Until:
                {
                    if (tok.Arg0.Length == 0) return false;
                    int from = pos;
                    while (from <= end)
                    {
                        int at = s.AsSpan(from, end - from).IndexOf(tok.Arg0, StringComparison.Ordinal);
                        if (at < 0) return false;
                        at += from;
                        if (TryRest(st, tok, seq, index, pos, at, at + tok.Arg0.Length, end)) return true;
                        from = at + 1;
                    }
                    return false;
                }
            case PatternTokenType.Csv:
            case PatternTokenType.KeyValue:
                return TryRest(st, tok, seq, index, pos, end, end, end);
            case PatternTokenType.DateTime:
                {
                    if (!TimeParser.TryParsePrefix(s.AsSpan(pos, end - pos), out long ticks, out int used) || used == 0) return false;
                    (st.TimeStart, st.TimeEnd, st.TimeTicks) = (pos, pos + used, ticks);
                    return TryRest(st, tok, seq, index, pos, pos + used, pos + used, end);
                }
            case PatternTokenType.IPv4:
            case PatternTokenType.IPv6:
            case PatternTokenType.Ip:
                {
                    int e = ScanIp(s, pos, end, tok.Type);
                    return e > pos && TryRest(st, tok, seq, index, pos, e, e, end);
                }
            case PatternTokenType.MacAddr:
                {
                    int e = pos;
                    while (e < end && (char.IsAsciiHexDigit(s[e]) || s[e] is ':' or '-' or '.')) e++;
                    for (; e > pos; e--)
                        if (NetParsers.TryParseMac(s.AsSpan(pos, e - pos), out _)) return TryRest(st, tok, seq, index, pos, e, e, end);
                    return false;
                }
            default:
                {
                    int max = ScanClass(s, pos, end, tok.Type, out int min);
                    var follow = tok.Follow;
                    for (int e = max; e >= min && e > pos; e--)
                        if ((follow is null || follow.Allows(s, e, end)) && TryRest(st, tok, seq, index, pos, e, e, end)) return true;
                    return false;
                }
        }
    }

    /// <summary>Longest run of the token's character class from pos; <paramref name="min"/> is the shortest acceptable end.</summary>
    private static int ScanClass(string s, int pos, int end, PatternTokenType type, out int min)
    {
        min = pos + 1;
        switch (type)
        {
            case PatternTokenType.Number: return ScanNumber(s, pos, end, out min);
            case PatternTokenType.Word: return ScanRun(s, pos, end, WordChars);
            case PatternTokenType.WordDash: return ScanRun(s, pos, end, WordChars | CharDash);
            case PatternTokenType.Hostname: return ScanHostname(s, pos, end);
            case PatternTokenType.Duration:
                {
                    int e = pos;
                    while (e < end && (char.IsAsciiDigit(s[e]) || s[e] is 'd' or 'h' or 'm' or 's' or ':' or ' ')) e++;
                    while (e > pos && s[e - 1] == ' ') e--;
                    return e;
                }
            default: return ScanNonBlank(s, pos, end); // STRING, LITERAL, NTUSER: any run of non-space, giving way to what follows
        }
    }

    // ASCII character classes as bits of one table: a scan tests one byte per character instead of a chain of ranges.
    private const byte CharDigit = 1, CharLetter = 2, CharUnderscore = 4, CharDot = 8, CharDash = 16, CharBlank = 32;
    private const byte WordChars = CharDigit | CharLetter | CharUnderscore;
    private static readonly byte[] AsciiClass = BuildAsciiClasses();

    private static byte[] BuildAsciiClasses()
    {
        var t = new byte[128];
        for (int c = 0; c < 128; c++)
        {
            if (char.IsAsciiDigit((char)c)) t[c] |= CharDigit;
            if (char.IsAsciiLetter((char)c)) t[c] |= CharLetter;
            if (c == ' ' || (c >= '\t' && c <= '\r')) t[c] |= CharBlank;
        }
        t['_'] |= CharUnderscore;
        t['.'] |= CharDot;
        t['-'] |= CharDash;
        return t;
    }

    // A run of characters of `classes` (beyond ASCII: letters and digits, when the classes hold word characters).
    internal static int ScanRun(string s, int pos, int end, byte classes)
    {
        var span = s.AsSpan(pos, end - pos);
        var table = AsciiClass;
        int i = 0;
        for (; i < span.Length; i++)
        {
            char c = span[i];
            if (c < 128 ? (table[c] & classes) == 0 : !((classes & CharLetter) != 0 && char.IsLetterOrDigit(c))) break;
        }
        return pos + i;
    }

    internal static int ScanNonBlank(string s, int pos, int end)
    {
        var span = s.AsSpan(pos, end - pos);
        var table = AsciiClass;
        int i = 0;
        for (; i < span.Length; i++)
        {
            char c = span[i];
            if (c < 128 ? (table[c] & CharBlank) != 0 : char.IsWhiteSpace(c)) break;
        }
        return pos + i;
    }

    internal static int ScanHostname(string s, int pos, int end)
    {
        if (pos >= end) return pos;
        char first = s[pos];
        if (first < 128 ? (AsciiClass[first] & WordChars) == 0 : !char.IsLetterOrDigit(first)) return pos;
        return ScanRun(s, pos, end, WordChars | CharDot | CharDash);
    }

    internal static int ScanNumber(string s, int pos, int end, out int min)
    {
        int e = pos;
        min = pos + 1;
        if (e < end && (s[e] == '-' || s[e] == '+')) { e++; min = e + 1; }
        int digits = ScanRun(s, e, end, CharDigit);
        return digits == e ? pos : digits; // a sign without digits is no number
    }

    private static int ScanIp(string s, int pos, int end, PatternTokenType type)
    {
        int e = pos;
        if (type == PatternTokenType.IPv4) while (e < end && (char.IsAsciiDigit(s[e]) || s[e] == '.')) e++;
        else while (e < end && (char.IsAsciiHexDigit(s[e]) || s[e] is '.' or ':')) e++;
        for (; e > pos; e--)
        {
            var span = s.AsSpan(pos, e - pos);
            bool ok = type switch
            {
                PatternTokenType.IPv4 => NetParsers.IsIPv4(span),
                PatternTokenType.IPv6 => NetParsers.IsIPv6(span),
                _ => NetParsers.IsIp(span),
            };
            if (ok) return e;
        }
        return pos;
    }

    // TOKEN+ / TOKEN*: tokens separated by whitespace; the capture is the whole matched text.
    private bool MatchRepeat(MatchState st, TokenNode tok, Seq seq, int index, int pos, int end)
    {
        var s = st.Input;
        var ends = new SortedSet<int>();
        var frontier = new Stack<int>();
        frontier.Push(pos);
        var seen = new HashSet<int>();
        bool first = true;
        while (frontier.Count > 0)
        {
            int p = frontier.Pop();
            int from = p;
            if (!first)
            {
                while (from < end && IsSpace(s[from])) from++;
                if (from == p) continue;
            }
            int max = ScanClass(s, from, end, tok.Type == PatternTokenType.Rest ? PatternTokenType.String : tok.Type, out int min);
            for (int e = max; e >= min && e > from; e--)
                if (seen.Add(e)) { ends.Add(e); frontier.Push(e); }
            if (first)
            {
                first = false;
                seen.Clear();
                foreach (var e in ends) seen.Add(e);
            }
            if (ends.Count > 4096) break; // bound the work on pathological lines
        }
        foreach (var e in ends.Reverse())
            if (TryRest(st, tok, seq, index, pos, e, e, end)) return true;
        return tok.Repeat == PatternRepeat.ZeroOrMore && TryRest(st, tok, seq, index, pos, pos, pos, end);
    }

    private void Apply(MatchState st, EvalContext ctx, bool early)
    {
        for (int i = 0; i < st.Count; i++)
        {
            var (id, start, end) = st.Log[i];
            ref readonly var c = ref _captures[id];
            if (c.Early != early) continue;
            if (c.Target.Field is null && !c.IsLiteral && IsTextToken(c.Type))
            {
                // A temporary keeps the trimmed piece, as Convert would make it, without copying it yet.
                var (from, length) = c.Untrimmed ? (start, end - start) : TrimmedRange(st.Input, start, end);
                ctx.SetSlotSlice(c.Target.Slot, st.Input, from, length);
                continue;
            }
            Value v = c.IsLiteral ? Value.String(c.LiteralText) : Convert(c, st, start, end);
            if (c.Target.Field is { } field)
            {
                if (v.Kind == c.KeptKind) ctx.SetFieldCoerced(field.Id, v);
                else ctx.SetField(field.Id, v);
            }
            else ctx.SetSlot(c.Target.Slot, v);
        }
    }

    // CSV(...) and KEYVALUE(...) tokens capture what the functions of the same name return.
    private static readonly Lazy<FunctionSymbol?> s_csv = new(() => FunctionTable.TryGet("csv", out var f) ? f : null);
    private static readonly Lazy<FunctionSymbol?> s_keyvalue = new(() => FunctionTable.TryGet("keyvalue", out var f) ? f : null);

    private static Value Call(FunctionSymbol? f, ReadOnlySpan<Value> args) => f?.Implementation is { } impl ? impl(args) : Value.Null;

    // Digits without sign or leading zero, short enough for a long: what a number's text form would be.
    private static bool IsCanonicalDecimal(ReadOnlySpan<char> s) =>
        s.Length is > 0 and <= 18 && (s[0] != '0' || s.Length == 1) && !s.ContainsAnyExceptInRange('0', '9');

    // Captured text is trimmed: `{$operation=UNTIL(" for ")}` after `{` yields "send_msg }", not " send_msg }" (auditd user_avc).
    private static (int Start, int Length) TrimmedRange(string input, int start, int end)
    {
        var rest = input.AsSpan(start, end - start).TrimStart();
        return (end - rest.Length, rest.TrimEnd().Length);
    }

    private static Value Convert(in Capture c, MatchState st, int start, int end)
    {
        var input = st.Input;
        var (from, length) = c.Untrimmed ? (start, end - start) : TrimmedRange(input, start, end);
        var span = input.AsSpan(from, length);
        // Numbers, and times bound for a time field, are read from the span: no string to allocate and parse again.
        if (c.Type == PatternTokenType.Number)
        {
            // A number bound for a text field is its decimal text: when the capture already is that text, keep it as is.
            if (c.Target.Field is { Type: FieldType.String or FieldType.Enum or FieldType.Uuid } && IsCanonicalDecimal(span)) return Value.String(span.ToString());
            if (Value.TryParseInteger(span, out long n)) return Value.Number(n);
        }
        if (c.Type == PatternTokenType.DateTime && c.Target.Field is { Type: FieldType.DateTime })
        {
            // The token parsed exactly this untrimmed text: parsing it alone again yields the same instant.
            if (start == st.TimeStart && end == st.TimeEnd && span.Length == end - start) return Value.DateTime(st.TimeTicks);
            if (TimeParser.TryParse(span, out long ticks)) return Value.DateTime(ticks);
        }
        var text = span.ToString();
        switch (c.Type)
        {
            case PatternTokenType.Csv:
                return Call(s_csv.Value, [Value.String(text), Value.String(c.Arg0), Value.String(c.Arg1)]);
            case PatternTokenType.KeyValue:
                // KEYVALUE("kvsep", "pairsep", "quote"): argument order differs from keyvalue(s, pairsep, kvsep, quote).
                return Call(s_keyvalue.Value, [Value.String(text), Value.String(c.Arg1), Value.String(c.Arg0), Value.String(c.Arg2)]);
            default:
                return Value.String(text);
        }
    }
}
