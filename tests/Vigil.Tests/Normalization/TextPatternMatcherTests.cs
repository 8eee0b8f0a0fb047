using Vigil.Events;
using Vigil.KnowledgeBase;
using Vigil.Language.Binding;
using Vigil.Normalization;
using Vigil.Runtime;

namespace Vigil.Tests.Normalization;

public class TextPatternMatcherTests
{
    /// <summary>Normalizes one text line with a one-formula knowledge base; null when it does not match.</summary>
    internal static NormalizedEvent? Run(string formula, string line)
    {
        var kb = Language.BinderTests.Load(("f/formula.xp", formula));
        Assert.False(kb.HasErrors, string.Join("\n", kb.Diagnostics.Select(d => d.ToString())));
        var ckb = CompiledKnowledgeBase.Compile(kb);
        var e = new NormalizedEvent(ckb.Taxonomy);
        var r = ckb.Normalizer.Normalize(new TextRawView(line), e, new EvalContext());
        return r.Status == NormalizeStatus.Normalized ? e : null;
    }

    [Fact]
    public void Typed_tokens_capture_into_fields_with_their_types()
    {
        var e = Run("TEXT = '{time=DATETIME} {event_src.hostname=HOSTNAME} sshd[{NUMBER}]: Failed password for {subject.account.name=WORD} from {src.ip=IPV4} port {src.port=NUMBER} ssh2'",
            "Mar  1 00:00:03 srv01 sshd[1234]: Failed password for alice from 10.1.2.3 port 52111 ssh2")!;
        Assert.Equal("srv01", e.Get("event_src.hostname").ToText());
        Assert.Equal("alice", e.Get("subject.account.name").ToText());
        Assert.Equal("10.1.2.3", e.Get("src.ip").ToText());
        Assert.Equal(ValueKind.Number, e.Get("src.port").Kind);
        Assert.Equal(52111, e.Get("src.port").AsNumber);
        Assert.Equal(ValueKind.DateTime, e.Get("time").Kind);
    }

    [Fact]
    public void The_whole_line_must_match()
    {
        Assert.Null(Run("TEXT = 'hello {WORD}'", "hello world and more"));
        Assert.NotNull(Run("TEXT = 'hello {REST}'", "hello world and more"));
    }

    [Fact]
    public void Optional_group_and_empty_alternative()
    {
        const string f = "TEXT = '{\"<\"NUMBER\">\"?}{event_src.ip=IPV4|event_src.hostname=HOSTNAME|} says {reason=REST}'";
        Assert.Equal("srv", Run(f, "<190>srv says hi")!.Get("event_src.hostname").ToText());
        Assert.Equal("10.0.0.1", Run(f, "10.0.0.1 says hi")!.Get("event_src.ip").ToText());
        Assert.Equal("hi", Run(f, " says hi")!.Get("reason").ToText());
    }

    [Fact]
    public void Repetition_gives_way_to_the_literal_that_follows()
    {
        var e = Run("TEXT = '{$token=STRING+} for user {subject.account.name=WORD}'", "Deleted token REST abc for user admin")!;
        Assert.Equal("admin", e.Get("subject.account.name").ToText());
    }

    [Fact]
    public void Until_consumes_its_delimiter_but_does_not_capture_it()
    {
        var e = Run("TEXT = '[{$t=UNTIL(\"]\")} {reason=REST}'\nobject.value = $t", "[2023-09-27 20:10:52,620] DEBUG x")!;
        Assert.Equal("2023-09-27 20:10:52,620", e.Get("object.value").ToText());
        Assert.Equal("DEBUG x", e.Get("reason").ToText());
    }

    [Fact]
    public void Csv_token_captures_a_list()
    {
        var e = Run("TEXT = 'user {$csv=CSV(\"\\\\\\\\\",\"\")}'\nsubject.account.domain = $csv[0]\nsubject.account.name = $csv[1]", "user DOM\\bob")!;
        Assert.Equal("DOM", e.Get("subject.account.domain").ToText());
        Assert.Equal("bob", e.Get("subject.account.name").ToText());
    }

    [Fact]
    public void Blanks_are_optional_between_punctuation_and_words()
    {
        // `,request:` in the pattern matches `, request:` in the line (TeamCity logs).
        Assert.NotNull(Run("TEXT = 'code: {NUMBER},request: {REST}'", "code: 200, request: GET /"));
    }

    [Fact]
    public void Cond_sees_the_captures_and_rejects_the_line()
    {
        const string f = "TEXT = '{$tag=WORD}: {REST}'\nCOND = in_list([\"create\", \"delete\"], $tag)\naction = $tag";
        Assert.Equal("create", Run(f, "create: x")!.Get("action").ToText());
        Assert.Null(Run(f, "update: x"));
    }

    [Fact]
    public void Subformula_alternatives_run_the_first_that_matches_and_undo_a_failed_cond()
    {
        const string f = """
            TEXT = '{$kind=WORD} {$rest=REST}'
            submessage("TEXT", "split", $rest)
            subformula "split"
                TEXT = '{$a=WORD} {$b=WORD}'
                COND = $kind == "two"
                object.name = $a + "+" + $b
            endsubformula
            subformula "split"
                TEXT = '{$a=REST}'
                object.name = "rest:" + $a
            endsubformula
            """;
        Assert.Equal("x+y", Run(f, "two x y")!.Get("object.name").ToText());
        Assert.Equal("rest:x y", Run(f, "one x y")!.Get("object.name").ToText());
    }

    [Fact]
    public void Pathological_backtracking_is_bounded()
    {
        var line = string.Join(' ', Enumerable.Repeat("a", 3000)) + " b";
        Assert.Null(Run("TEXT = '{STRING+} {STRING+} {STRING+} c'", line));
    }

    [Fact]
    public void Blank_runs_before_a_blank_skipping_token_do_not_multiply_backtracking()
    {
        // Twenty blank runs and a failing end: tried both ways at every blank, this is 2^20 paths.
        var pattern = string.Join(" ", Enumerable.Range(0, 10).Select(i => "{$w" + i + "=WORD} ,")) + " !";
        var line = string.Join(" ", Enumerable.Range(0, 10).Select(i => "w" + i + " ,"));
        var kb = Language.BinderTests.Load(("f/formula.xp", "TEXT = '" + pattern + "'"));
        var f = CompiledKnowledgeBase.Compile(kb).Normalizer.Formulas[0];
        var ctx = new EvalContext();
        ctx.PrepareSlots(f.SlotCount);
        Assert.False(f.Main.Matcher!.Match(line, ctx));
        Assert.InRange(TextPatternMatcher.LastSteps(ctx), 1, 2000);
        Assert.True(f.Main.Matcher!.Match(line + " !", ctx));
    }

    [Fact]
    public void A_token_gives_back_characters_only_where_the_rest_of_the_pattern_can_start()
    {
        // A 2,000-letter word not followed by "for": each shorter end of the WORD is followed by a letter other
        // than 'f', which nothing after the token can start with, so none of them is tried.
        var kb = Language.BinderTests.Load(("f/formula.xp", "TEXT = 'Failed {$m=WORD} for {$u=WORD}'"));
        var f = CompiledKnowledgeBase.Compile(kb).Normalizer.Formulas[0];
        var ctx = new EvalContext();
        ctx.PrepareSlots(f.SlotCount);
        Assert.False(f.Main.Matcher!.Match("Failed " + new string('x', 2000) + " from alice", ctx));
        Assert.InRange(TextPatternMatcher.LastSteps(ctx), 1, 20);
        // A shorter end that the rest can start at is still tried: the literal may follow the word without a blank.
        var e = Run("TEXT = 'a {$w=WORD}for'\nobject.name = $w", "a xxfor");
        Assert.Equal("xx", e!.Get("object.name").ToText());
        Assert.Equal("xfor", Run("TEXT = 'a {$w=WORD}for'\nobject.name = $w", "a xforfor")!.Get("object.name").ToText());
    }

    [Fact]
    public void Follow_sets_of_many_optional_groups_with_empty_alternatives_compile_in_linear_time()
    {
        // Each group may match nothing, so what follows a token reaches through all of them: computed without
        // memoizing, 40 groups are 2^40 paths and this never finishes.
        var groups = string.Concat(Enumerable.Repeat("{\"a\"|?}", 40));
        var e = Run("TEXT = '{$w=WORD}" + groups + " end'\nobject.name = $w", "xy end");
        Assert.Equal("xy", e!.Get("object.name").ToText());
    }

    [Fact]
    public void A_blank_before_an_alternative_that_starts_with_a_literal_stays_optional()
    {
        // The literal opening an alternative does not skip blanks itself, so the blank run before it must still be tried both ways.
        var e = Run("TEXT = '{$a=WORD} {\" x\"|\"y\"} {reason=REST}'\nobject.name = $a", "a  x z");
        Assert.NotNull(e);
        Assert.Equal("z", e!.Get("reason").ToText());
    }

    [Fact]
    public void Cond_reading_one_capture_still_gets_every_capture_written_when_it_holds()
    {
        const string f = "TEXT = '{time=DATETIME} {event_src.hostname=HOSTNAME} {$p=WORD}[{src.port=NUMBER}]: {reason=REST}'\n"
            + "COND = lower($p) == \"cron\" and src.port > 10\nobject.name = $p";
        var e = Run(f, "Mar  1 00:00:05 srv18 CRON[16378]: job ran")!;
        Assert.Equal(ValueKind.DateTime, e.Get("time").Kind);
        Assert.Equal("srv18", e.Get("event_src.hostname").ToText());
        Assert.Equal(16378, e.Get("src.port").AsNumber);
        Assert.Equal("job ran", e.Get("reason").ToText());
        Assert.Equal("CRON", e.Get("object.name").ToText());
        Assert.Null(Run(f, "Mar  1 00:00:05 srv18 sshd[16378]: job ran"));
        Assert.Null(Run(f, "Mar  1 00:00:05 srv18 CRON[7]: job ran"));
    }

    [Fact]
    public void A_subformula_cond_rejection_undoes_the_captures_written_before_it()
    {
        const string f = """
            TEXT = '{$rest=REST}'
            submessage("TEXT", "sub", $rest)
            subformula "sub"
                TEXT = '{$who=WORD} {object.name=WORD} {reason=WORD}'
                COND = $who == "alice"
            endsubformula
            subformula "sub"
                TEXT = '{$x=REST}'
            endsubformula
            """;
        Assert.Equal("b", Run(f, "alice b c")!.Get("object.name").ToText());
        var e = Run(f, "bob b c")!;
        Assert.True(e.Get("object.name").IsNull);
        Assert.True(e.Get("reason").IsNull);
    }

    [Fact]
    public void Condition_reads_are_known_only_for_plain_expressions()
    {
        static BoundExpression? Cond(string formula)
        {
            var kb = Language.BinderTests.Load(("f/formula.xp", formula));
            Assert.False(kb.HasErrors, string.Join("\n", kb.Diagnostics.Select(d => d.ToString())));
            return kb.Formulas[0].Formula.Main.Condition;
        }
        var reads = ConditionReads.Of(Cond("TEXT = '{$a=WORD} {object.name=REST}'\nCOND = lower($a) == \"x\" or object.name != null"));
        Assert.NotNull(reads);
        Assert.Single(reads!.Slots);
        Assert.Single(reads.Fields);
        Assert.Null(ConditionReads.Of(null));
    }

    [Fact]
    public void A_number_captured_into_a_text_field_is_the_number_in_decimal()
    {
        const string f = "TEXT = 'pid {subject.process.id=NUMBER}'";
        Assert.Equal("16378", Run(f, "pid 16378")!.Get("subject.process.id").ToText());
        Assert.Equal("7", Run(f, "pid 007")!.Get("subject.process.id").ToText());
        Assert.Equal("-3", Run(f, "pid -3")!.Get("subject.process.id").ToText());
        Assert.Equal("0", Run(f, "pid 0")!.Get("subject.process.id").ToText());
    }

    [Fact]
    public void Subformula_alternatives_narrowed_by_first_character_keep_their_file_order()
    {
        const string f = """
            TEXT = '{$rest=REST}'
            submessage("TEXT", "m", $rest)
            subformula "m"
                TEXT = 'b {reason=REST}'
                object.name = "b"
            endsubformula
            subformula "m"
                TEXT = '{$w=WORD} {reason=REST}'
                object.name = "word"
            endsubformula
            subformula "m"
                TEXT = 'a {reason=REST}'
                object.name = "a"
            endsubformula
            subformula "m"
                TEXT = '-{reason=REST}'
                object.name = "dash"
            endsubformula
            """;
        Assert.Equal("b", Run(f, "b z")!.Get("object.name").ToText());
        Assert.Equal("word", Run(f, "a z")!.Get("object.name").ToText());
        Assert.Equal("dash", Run(f, "-z")!.Get("object.name").ToText());
        Assert.True(Run(f, "!z")!.Get("object.name").IsNull);
    }

    [Fact]
    public void A_submessage_over_a_captured_piece_matches_that_piece_alone()
    {
        // The piece is matched in place within the line: its end anchors the subformula, not the line's.
        const string f = """
            TEXT = '{$head=WORD} [{$inner=UNTIL("]")} {$tail=REST}'
            submessage("TEXT", "in", $inner)
            subformula "in"
                TEXT = '{$a=WORD}'
                object.name = "one:" + $a
            endsubformula
            subformula "in"
                TEXT = '{$x=REST}'
                object.name = "rest:" + $x
            endsubformula
            """;
        Assert.Equal("rest:x y", Run(f, "h [x y] tail text")!.Get("object.name").ToText());
        Assert.Equal("one:x", Run(f, "h [x] tail text")!.Get("object.name").ToText());
    }

    [Fact]
    public void A_captured_piece_reads_as_its_trimmed_text_everywhere()
    {
        const string f = """
            TEXT = '{$a=WORD}:{$rest=REST}'
            submessage("TEXT", "m", $rest)
            object.name = "[" + $rest + "]"
            subformula "m"
                TEXT = 'hello {reason=WORD}'
            endsubformula
            """;
        var e = Run(f, "k:   hello world  ")!;
        Assert.Equal("[hello world]", e.Get("object.name").ToText());
        Assert.Equal("world", e.Get("reason").ToText());
    }

    [Fact]
    public void A_rejected_alternative_that_recaptured_the_piece_leaves_the_original_text()
    {
        // The first alternative captures over the very temporary the submessage reads, then its COND fails:
        // the rollback must give back the original piece, which the next alternative and the body read.
        const string f = """
            TEXT = '{$rest=REST}'
            submessage("TEXT", "m", $rest)
            object.name = $rest
            subformula "m"
                TEXT = '{$rest=WORD} {$who=WORD}'
                COND = $who == "alice"
            endsubformula
            subformula "m"
                TEXT = '{reason=REST}'
            endsubformula
            """;
        var e = Run(f, "first bob")!;
        Assert.Equal("first bob", e.Get("object.name").ToText());
        Assert.Equal("first bob", e.Get("reason").ToText());
        Assert.Equal("first", Run(f, "first alice")!.Get("object.name").ToText());
    }
}
