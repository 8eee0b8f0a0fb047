using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Vigil.Events;
using Vigil.Language.Syntax;
using static System.Linq.Expressions.Expression;

namespace Vigil.Normalization;

/// <summary>
/// A hot pattern compiled to one method. The interpreter (<see cref="MatchSeq"/>) walks every pattern through the same
/// switch and recursion; the compiled method has its own code per node — the node's kind, literal, token class and
/// what may follow it are constants — and the rest of the pattern inlined where the interpreter recursed (+12% on a
/// whole sshd line against the interpreter). It does exactly what the interpreter does, in the same order: the same
/// ends tried, the same capture log, the same step count (a differential test holds the two together).
/// </summary>
public sealed partial class TextPatternMatcher
{
    // Tiering: a pattern is interpreted until it has been tried this many times (most of a knowledge base's patterns
    // never see that many lines), then compiled once — on a thread-pool thread: building and JIT-compiling one method
    // takes 3–70 ms (~0.4 s for the content's sshd patterns), which on the matching thread cost a 1M-line `vigil run`
    // a tenth of its time. The interpreter goes on until the method is ready.
    private const int CompileAfter = 200;
    // Each backtracking point inlines the rest of the pattern, and each alternative the rest after its group: a
    // pattern whose inlined size would exceed this stays interpreted.
    private const long MaxInlinedNodes = 3000;

    private Func<MatchState, int, int, bool>? _compiled;
    private int _tries;
    private bool _compileTried;

    private bool RunPattern(MatchState st, int start, int end)
    {
        var compiled = Volatile.Read(ref _compiled);
        if (compiled is not null) return compiled(st, start, end);
        if (!_compileTried && ++_tries >= CompileAfter)
        {
            _compileTried = true;
            ThreadPool.UnsafeQueueUserWorkItem(static m => Volatile.Write(ref m._compiled, m.CompileInBackground()), this, preferLocal: false);
        }
        return MatchSeq(st, _root, 0, start, end);
    }

    // On a thread-pool thread an escaping exception would end the process: whatever fails, the interpreter stays.
    private Func<MatchState, int, int, bool>? CompileInBackground()
    {
        try
        {
            return CompileToMethod();
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>Whether the pattern now runs as a compiled method (tests).</summary>
    internal bool IsCompiled => Volatile.Read(ref _compiled) is not null;

    /// <summary>The pattern as one method, or null when it holds a construct left to the interpreter (repetitions, MAC tokens) or is too large.</summary>
    internal Func<MatchState, int, int, bool>? CompileToMethod()
    {
        if (!Compilable(_root) || InlinedSize(_root, 0, []) > MaxInlinedNodes) return null;
        try
        {
            var method = new MethodBuilder().Build(_root);
            method(new MatchState(), 0, 0); // JIT-compiled here, not on the first line it matches
            return method;
        }
        catch (Exception x) when (x is InvalidOperationException or ArgumentException or NotSupportedException)
        {
            return null; // the interpreter stays: same results, slower
        }
    }

    /// <summary>
    /// Tests: matches <paramref name="input"/> with the interpreter, or with the compiled method (null when the pattern
    /// does not compile), and returns the outcome with the capture log and the step count — which must be the same.
    /// </summary>
    internal (bool Matched, (int Capture, int Start, int End)[] Log, int Steps)? Trace(string input, Func<MatchState, int, int, bool>? compiled, bool useCompiled)
    {
        if (useCompiled && compiled is null) return null;
        var st = new MatchState { Input = input };
        int end = input.Length;
        while (end > 0 && (input[end - 1] == '\n' || input[end - 1] == '\r')) end--;
        bool ok = useCompiled ? compiled!(st, 0, end) : MatchSeq(st, _root, 0, 0, end);
        return (ok, st.Log[..st.Count], st.Steps);
    }

    private static bool Compilable(Seq seq) => seq.Nodes.All(n => n switch
    {
        TokenNode t => t.Repeat == PatternRepeat.One && t.Type != PatternTokenType.MacAddr,
        GroupNode g => g.Alternatives.All(Compilable),
        _ => true,
    });

    private static long InlinedSize(Seq seq, int index, Dictionary<(Seq, int), long> memo)
    {
        if (memo.TryGetValue((seq, index), out long known)) return known;
        long size;
        if (index == seq.Nodes.Length) size = seq.Parent is null ? 1 : 1 + InlinedSize(seq.Parent, seq.ParentIndex + 1, memo);
        else if (seq.Nodes[index] is GroupNode g)
        {
            size = 1;
            foreach (var alt in g.Alternatives) size = Math.Min(long.MaxValue / 4, size + InlinedSize(alt, 0, memo));
            if (g.Optional) size = Math.Min(long.MaxValue / 4, size + InlinedSize(seq, index + 1, memo));
        }
        else size = Math.Min(long.MaxValue / 4, 1 + InlinedSize(seq, index + 1, memo));
        memo[(seq, index)] = size;
        return size;
    }

    // ------------------------------------------------------------------ helpers the compiled code calls

    internal static int ParseTimeAt(MatchState st, string s, int pos, int end)
    {
        if (!TimeParser.TryParsePrefix(s.AsSpan(pos, end - pos), out long ticks, out int used) || used == 0) return 0;
        (st.TimeStart, st.TimeEnd, st.TimeTicks) = (pos, pos + used, ticks);
        return used;
    }

    internal static int IndexOfFrom(string s, int from, int end, string text)
    {
        int at = s.AsSpan(from, end - from).IndexOf(text, StringComparison.Ordinal);
        return at < 0 ? -1 : at + from;
    }

    /// <summary><see cref="FollowSet.Allows"/> with the set's bits as arguments: constants in the compiled code.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool FollowAllows(string s, int at, int end, ulong low, ulong high, bool nonAscii, bool atEnd)
    {
        if (at >= end) return atEnd;
        char c = s[at];
        return c < 64 ? (low >> c & 1) != 0 : c < 128 ? (high >> (c - 64) & 1) != 0 : nonAscii;
    }

    /// <summary>Emits the expression tree of a pattern: each node's code, with the rest of the pattern inlined after it.</summary>
    private sealed class MethodBuilder
    {
        private static readonly MethodInfo Chars = typeof(string).GetMethod("get_Chars", [typeof(int)])!;
        private static readonly MethodInfo PushMethod = typeof(MatchState).GetMethod(nameof(MatchState.Push))!;
        // The matcher's own scanners, private or not: the compiled method may call them (it skips visibility checks).
        private static MethodInfo Helper(string name) => typeof(TextPatternMatcher).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;
        private static readonly MethodInfo IsBlankMethod = Helper(nameof(IsSpace));
        private static readonly MethodInfo LiteralMethod = Helper(nameof(MatchLiteral));
        private static readonly MethodInfo ScanClassMethod = Helper(nameof(ScanClass));
        private static readonly MethodInfo ScanIpMethod = Helper(nameof(ScanIp));
        private static readonly MethodInfo ParseTimeMethod = Helper(nameof(ParseTimeAt));
        private static readonly MethodInfo IndexOfMethod = Helper(nameof(IndexOfFrom));
        private static readonly MethodInfo FollowMethod = Helper(nameof(FollowAllows));
        private static readonly MethodInfo ScanRunMethod = Helper(nameof(ScanRun));
        private static readonly MethodInfo ScanNonBlankMethod = Helper(nameof(ScanNonBlank));
        private static readonly MethodInfo ScanHostnameMethod = Helper(nameof(ScanHostname));
        private static readonly MethodInfo ScanNumberMethod = Helper(nameof(ScanNumber));
        private static readonly MethodInfo TolerantLiteralMethod = Helper(nameof(MatchLiteralTolerant));

        private readonly ParameterExpression _st = Parameter(typeof(MatchState), "st");
        private readonly ParameterExpression _end = Parameter(typeof(int), "end");
        private readonly ParameterExpression _s = Variable(typeof(string), "s");
        private readonly LabelTarget _return = Label(typeof(bool), "return");

        public Func<MatchState, int, int, bool> Build(Seq root)
        {
            var start = Parameter(typeof(int), "start");
            var body = Block([_s],
                Assign(_s, Field(_st, nameof(MatchState.Input))),
                Seq(root, 0, start),
                Label(_return, Constant(false)));
            return Lambda<Func<MatchState, int, int, bool>>(body, "match_" + root.GetHashCode(), [_st, start, _end]).Compile();
        }

        private MemberExpression Count => Field(_st, nameof(MatchState.Count));

        private Expression CharAt(Expression at) => Expression.Call(_s, Chars, at);

        // Matches the pattern from node `index` of `seq` at `pos`: returns true from the method on a match, falls
        // through on failure (the interpreter's `return false` to its caller).
        private Expression Seq(Seq seq, int index, ParameterExpression pos)
        {
            var steps = IfThen(GreaterThan(PreIncrementAssign(Field(_st, nameof(MatchState.Steps))), Constant(MaxSteps)), Return(_return, Constant(false)));
            if (index == seq.Nodes.Length)
                return Block(steps, seq.Parent is null
                    ? IfThen(Equal(pos, _end), Return(_return, Constant(true)))
                    : Seq(seq.Parent, seq.ParentIndex + 1, pos));
            var node = seq.Nodes[index];
            return Block(steps, node switch
            {
                LiteralNode lit => Literal(lit, seq, index, pos),
                WhitespaceNode ws => Whitespace(ws, seq, index, pos),
                GroupNode g => Group(g, seq, index, pos),
                TokenNode tok => Token(tok, seq, index, pos),
                _ => throw new NotSupportedException(node.GetType().Name),
            });
        }

        private Expression SkipBlanks(ParameterExpression p)
        {
            var done = Label("blanks_done");
            return Loop(IfThenElse(AndAlso(LessThan(p, _end), Expression.Call(IsBlankMethod, CharAt(p))), PreIncrementAssign(p), Break(done)), done);
        }

        private Expression Push(int capture, Expression from, Expression to) =>
            capture < 0 ? Empty() : Expression.Call(_st, PushMethod, Constant(capture), from, to);

        private Expression Literal(LiteralNode lit, Seq seq, int index, ParameterExpression pos)
        {
            var p = Variable(typeof(int), "p");
            var after = Variable(typeof(int), "after");
            return Block([p, after],
                Assign(p, pos),
                index > 0 && lit.SkipsBlanksBefore ? SkipBlanks(p) : Empty(),
                Assign(after, LiteralEnd(lit.Text, p)),
                IfThen(GreaterThanOrEqual(after, Constant(0)), Block(Push(lit.Capture, p, after), Seq(seq, index + 1, after))));
        }

        // Where the literal ends when it is at p (-1 if not): a short literal is compared character by character in
        // place; only when it is not there verbatim does the blank-tolerant comparison run.
        private Expression LiteralEnd(string text, ParameterExpression p)
        {
            if (text.Length == 0 || text.Length > 16) return Expression.Call(LiteralMethod, _s, p, _end, Constant(text));
            Expression verbatim = LessThanOrEqual(Add(p, Constant(text.Length)), _end);
            for (int k = 0; k < text.Length; k++)
                verbatim = AndAlso(verbatim, Equal(Expression.Convert(CharAt(k == 0 ? p : Add(p, Constant(k))), typeof(int)), Constant((int)text[k])));
            return Condition(verbatim, Add(p, Constant(text.Length)), Expression.Call(TolerantLiteralMethod, _s, p, _end, Constant(text)));
        }

        private Expression Whitespace(WhitespaceNode ws, Seq seq, int index, ParameterExpression pos)
        {
            var max = Variable(typeof(int), "max");
            // Every run length from the longest down (a zero-length run included); or only the longest, when what
            // follows skips blanks itself.
            var rest = ws.NextSkipsBlanks ? Seq(seq, index + 1, max) : Downward(max, e => GreaterThanOrEqual(e, pos), e => Seq(seq, index + 1, e));
            return Block([max], Assign(max, pos), SkipBlanks(max), rest);
        }

        private Expression Group(GroupNode g, Seq seq, int index, ParameterExpression pos)
        {
            var mark = Variable(typeof(int), "mark");
            var body = new List<Expression> { Assign(mark, Count) };
            foreach (var alt in g.Alternatives)
            {
                body.Add(Seq(alt, 0, pos));
                body.Add(Assign(Count, mark));
            }
            if (g.Optional) body.Add(Seq(seq, index + 1, pos));
            body.Add(Assign(Count, mark));
            return Block([mark], body);
        }

        // for (e = from; condition(e); e--) body(e)
        private static Expression Downward(Expression from, Func<ParameterExpression, Expression> condition, Func<ParameterExpression, Expression> body)
        {
            var e = Variable(typeof(int), "e");
            var done = Label("down_done");
            return Block([e],
                Assign(e, from),
                Loop(IfThenElse(condition(e), Block(body(e), PostDecrementAssign(e)), Break(done)), done));
        }

        // The interpreter's TryRest: capture [start, tokenEnd), continue at resume, and forget what the attempt logged.
        private Expression TryRest(TokenNode tok, Seq seq, int index, Expression start, Expression tokenEnd, Expression resume)
        {
            var mark = Variable(typeof(int), "mark");
            var at = resume as ParameterExpression ?? Variable(typeof(int), "resume");
            var vars = at == resume ? new[] { mark } : new[] { mark, at };
            return Block(vars,
                at == resume ? Empty() : Assign(at, resume),
                Assign(mark, Count),
                Push(tok.Capture, start, tokenEnd),
                Seq(seq, index + 1, at),
                Assign(Count, mark));
        }

        private Expression Allowed(TokenNode tok, ParameterExpression at) => tok.Follow is not { } f
            ? Constant(true)
            : Expression.Call(FollowMethod, _s, at, _end, Constant(f.Low), Constant(f.High), Constant(f.NonAscii), Constant(f.AtEnd));

        private Expression Token(TokenNode tok, Seq seq, int index, ParameterExpression pos)
        {
            var p = Variable(typeof(int), "p");
            var match = tok.Type switch
            {
                PatternTokenType.Rest => Downward(_end, e => GreaterThanOrEqual(e, p), e => IfThen(Allowed(tok, e), TryRest(tok, seq, index, p, e, e))),
                PatternTokenType.Until => Until(tok, seq, index, p),
                PatternTokenType.Csv or PatternTokenType.KeyValue => TryRest(tok, seq, index, p, _end, _end),
                PatternTokenType.DateTime => Time(tok, seq, index, p),
                PatternTokenType.IPv4 or PatternTokenType.IPv6 or PatternTokenType.Ip => Ip(tok, seq, index, p),
                _ => Class(tok, seq, index, p),
            };
            return Block([p], Assign(p, pos), tok.SkipsBlanks ? SkipBlanks(p) : Empty(), match);
        }

        private Expression Until(TokenNode tok, Seq seq, int index, ParameterExpression p)
        {
            if (tok.Arg0.Length == 0) return Empty();
            var from = Variable(typeof(int), "from");
            var at = Variable(typeof(int), "at");
            var done = Label("until_done");
            return Block([from, at],
                Assign(from, p),
                Loop(IfThenElse(LessThanOrEqual(from, _end),
                    Block(
                        Assign(at, Expression.Call(IndexOfMethod, _s, from, _end, Constant(tok.Arg0))),
                        IfThenElse(LessThan(at, Constant(0)), Break(done),
                            Block(
                                TryRest(tok, seq, index, p, at, Add(at, Constant(tok.Arg0.Length))),
                                Assign(from, Add(at, Constant(1)))))),
                    Break(done)), done));
        }

        private Expression Time(TokenNode tok, Seq seq, int index, ParameterExpression p)
        {
            var used = Variable(typeof(int), "used");
            var e = Variable(typeof(int), "e");
            return Block([used, e],
                Assign(used, Expression.Call(ParseTimeMethod, _st, _s, p, _end)),
                IfThen(GreaterThan(used, Constant(0)), Block(Assign(e, Add(p, used)), TryRest(tok, seq, index, p, e, e))));
        }

        private Expression Ip(TokenNode tok, Seq seq, int index, ParameterExpression p)
        {
            var e = Variable(typeof(int), "e");
            return Block([e],
                Assign(e, Expression.Call(ScanIpMethod, _s, p, _end, Constant(tok.Type))),
                IfThen(GreaterThan(e, p), TryRest(tok, seq, index, p, e, e)));
        }

        private Expression Class(TokenNode tok, Seq seq, int index, ParameterExpression p)
        {
            var max = Variable(typeof(int), "max");
            var min = Variable(typeof(int), "min");
            // The token's own scanner (no switch on the type at run time); all but NUMBER accept any end past p.
            Expression scan = tok.Type switch
            {
                PatternTokenType.Number => Expression.Call(ScanNumberMethod, _s, p, _end, min),
                PatternTokenType.Word => Expression.Call(ScanRunMethod, _s, p, _end, Constant(WordChars)),
                PatternTokenType.WordDash => Expression.Call(ScanRunMethod, _s, p, _end, Constant((byte)(WordChars | CharDash))),
                PatternTokenType.Hostname => Expression.Call(ScanHostnameMethod, _s, p, _end),
                PatternTokenType.Duration => Expression.Call(ScanClassMethod, _s, p, _end, Constant(tok.Type), min),
                _ => Expression.Call(ScanNonBlankMethod, _s, p, _end),
            };
            bool setsMin = tok.Type is PatternTokenType.Number or PatternTokenType.Duration;
            return Block([max, min],
                setsMin ? Empty() : Assign(min, Add(p, Constant(1))),
                Assign(max, scan),
                Downward(max, e => AndAlso(GreaterThanOrEqual(e, min), GreaterThan(e, p)),
                    e => IfThen(Allowed(tok, e), TryRest(tok, seq, index, p, e, e))));
        }
    }
}
