using Vigil.Normalization;
using Vigil.Runtime;

namespace Vigil.Tests.Normalization;

public class RequiredWordPrecheckTests
{
    private static TextPatternMatcher Matcher(string formula)
    {
        var kb = Language.BinderTests.Load(("f/formula.xp", formula));
        var body = kb.Formulas.Single().Formula.Main;
        return TextPatternMatcher.Compile(body.Header!.Pattern!, body.Captures);
    }

    [Fact]
    public void A_word_search_that_never_turns_a_line_away_pauses_but_the_match_still_decides()
    {
        var m = Matcher("TEXT = 'user {subject.account.name=WORD} logged from {src.ip=IPV4}'");
        Assert.False(m.MayMatch("user bob logged in")); // "from" is missing: turned away while probing
        for (int i = 0; i < 5000; i++) Assert.True(m.MayMatch("user bob logged from 10.0.0.1"));
        // The search has paused: the pre-check lets the line through, the match still rejects it.
        Assert.True(m.MayMatch("user bob logged in"));
        Assert.False(m.Match("user bob logged in", new EvalContext()));
        Assert.True(m.Match("user bob logged from 10.0.0.1", new EvalContext()));
    }

    [Fact]
    public void A_word_search_that_turns_lines_away_keeps_searching()
    {
        var m = Matcher("TEXT = 'user {subject.account.name=WORD} logged from {src.ip=IPV4}'");
        for (int i = 0; i < 5000; i++)
        {
            m.MayMatch("user bob logged from 10.0.0.1");
            Assert.False(m.MayMatch("user bob logged in"));
        }
    }
}
