using Vigil.Events;
using Vigil.KnowledgeBase;
using Vigil.Normalization;
using Vigil.Runtime;

namespace Vigil.Tests.Normalization;

public class CaptureStringsTests
{
    [Fact]
    public void A_repeated_short_text_is_the_same_instance_and_equal_to_its_characters()
    {
        var cache = new CaptureStrings();
        var a = cache.Get("xx srv01 yy".AsSpan(3, 5));
        var b = cache.Get("srv01".AsSpan());
        Assert.Equal("srv01", a);
        Assert.Same(a, b);
        Assert.Same(string.Empty, cache.Get(ReadOnlySpan<char>.Empty));
    }

    [Fact]
    public void Colliding_texts_each_come_back_with_their_own_characters()
    {
        var cache = new CaptureStrings();
        // Far more distinct texts than slots: whatever overwrites whom, every answer is the text asked for.
        for (int round = 0; round < 2; round++)
            for (int i = 0; i < 20_000; i++)
            {
                var text = "user" + i;
                Assert.Equal(text, cache.Get(text.AsSpan()));
            }
    }

    [Fact]
    public void A_long_text_is_copied_not_shared()
    {
        var cache = new CaptureStrings();
        var text = new string('a', CaptureStrings.MaxLength + 1);
        var a = cache.Get(text.AsSpan());
        Assert.Equal(text, a);
        Assert.NotSame(a, cache.Get(text.AsSpan()));
    }

    [Fact]
    public void Matches_of_two_lines_share_the_repeated_capture_and_keep_the_others_apart()
    {
        var kb = Language.BinderTests.Load(("f/formula.xp",
            "TEXT = '{event_src.hostname=HOSTNAME} login {subject.account.name=WORD}'"));
        var ckb = CompiledKnowledgeBase.Compile(kb);
        var ctx = new EvalContext();
        var e1 = new NormalizedEvent(ckb.Taxonomy);
        var e2 = new NormalizedEvent(ckb.Taxonomy);
        Assert.Equal(NormalizeStatus.Normalized, ckb.Normalizer.Normalize(new TextRawView("srv01 login alice"), e1, ctx).Status);
        Assert.Equal(NormalizeStatus.Normalized, ckb.Normalizer.Normalize(new TextRawView("srv01 login bob"), e2, ctx).Status);
        Assert.Same(e1.Get("event_src.hostname").AsString, e2.Get("event_src.hostname").AsString);
        Assert.Equal("alice", e1.Get("subject.account.name").ToText());
        Assert.Equal("bob", e2.Get("subject.account.name").ToText());
    }
}
