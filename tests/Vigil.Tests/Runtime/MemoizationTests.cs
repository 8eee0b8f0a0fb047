using System.Text;
using Vigil.Events;
using Vigil.KnowledgeBase;
using Vigil.Normalization;
using Vigil.Normalization.Inputs;
using Vigil.Runtime;

namespace Vigil.Tests.Runtime;

/// <summary>Recent-string interning and per-call-site memos: faster on repeated data, never a different result.</summary>
public class MemoizationTests
{
    [Fact]
    public void Repeated_ascii_bytes_decode_to_the_same_string_instance()
    {
        var bytes = Encoding.UTF8.GetBytes(@"C:\Windows\System32\svchost.exe");
        var first = RecentStrings.Get(bytes);
        var second = RecentStrings.Get(bytes.ToArray());
        Assert.Equal(@"C:\Windows\System32\svchost.exe", first);
        Assert.Same(first, second);
    }

    [Fact]
    public void Non_ascii_and_very_long_values_decode_correctly()
    {
        var cyrillic = Encoding.UTF8.GetBytes("Администратор");
        Assert.Equal("Администратор", RecentStrings.Get(cyrillic));
        var veryLong = new string('x', 5000);
        Assert.Equal(veryLong, RecentStrings.Get(Encoding.UTF8.GetBytes(veryLong)));
        Assert.Equal("", RecentStrings.Get([]));
    }

    [Fact]
    public void Repeated_long_ascii_values_such_as_call_stacks_decode_to_the_same_instance()
    {
        var stack = string.Concat(Enumerable.Repeat(@"C:\Windows\SYSTEM32\ntdll.dll+9d234|", 20));
        var bytes = Encoding.UTF8.GetBytes(stack);
        Assert.InRange(bytes.Length, 257, 2048);
        var first = RecentStrings.Get(bytes);
        Assert.Equal(stack, first);
        Assert.Same(first, RecentStrings.Get(bytes.ToArray()));
    }

    [Fact]
    public void Long_ascii_values_differing_in_one_byte_are_not_confused()
    {
        var a = new string('a', 600);
        var b = a[..599] + "b";
        Assert.Equal(a, RecentStrings.Get(Encoding.UTF8.GetBytes(a)));
        Assert.Equal(b, RecentStrings.Get(Encoding.UTF8.GetBytes(b)));
        Assert.Equal(a, RecentStrings.Get(Encoding.UTF8.GetBytes(a)));
    }

    [Fact]
    public void Pieces_of_text_repeat_as_one_instance_and_unequal_pieces_stay_apart()
    {
        var text = "Host Application = powershell.exe -enc " + new string('A', 3000) + "\r\nUser = X";
        var value = text.AsSpan(19, text.IndexOf('\r') - 19);
        var first = RecentStrings.FromChars(value);
        Assert.Equal(value.ToString(), first);
        Assert.Same(first, RecentStrings.FromChars(value.ToString().AsSpan()));
        Assert.Equal("Администратор", RecentStrings.FromChars("Администратор"));
        Assert.Equal("", RecentStrings.FromChars([]));
        var a = new string('a', 600);
        var b = a[..599] + "b";
        Assert.Equal(a, RecentStrings.FromChars(a));
        Assert.Equal(b, RecentStrings.FromChars(b));
        Assert.Equal(a, RecentStrings.FromChars(a));
        var huge = new string('z', 10_000);
        Assert.Equal(huge, RecentStrings.FromChars(huge));
    }

    [Fact]
    public void Memo_keys_on_the_instance_so_equal_text_in_another_string_still_computes_correctly()
    {
        var memo = new CallMemo();
        var a = new string("Alpha".AsSpan());
        memo.Add(a, null, Value.String("alpha"));
        Assert.True(memo.TryGet(a, null, out var hit));
        Assert.Equal("alpha", hit.AsString);
        var sameText = new string("Alpha".AsSpan());
        Assert.False(memo.TryGet(sameText, null, out _));
        Assert.False(memo.TryGet(a, "other", out _)); // a second argument is part of the key
    }

    [Fact]
    public void Memoized_calls_in_a_formula_give_the_same_results_as_direct_calls_over_many_events()
    {
        // lower(), csv() and strip() with one or two varying arguments: values repeat, alternate and change.
        const string formula = """
            TEXT = '{$path=REST}'
            $lowered = lower($path)
            $parts = csv($lowered, "\\", "")
            object.name = $parts[length($parts) - 1]
            object.path = strip($lowered, "", object.name)
            """;
        var kb = Language.BinderTests.Load(("f/formula.xp", formula));
        Assert.False(kb.HasErrors, string.Join("\n", kb.Diagnostics.Select(d => d.ToString())));
        var ckb = CompiledKnowledgeBase.Compile(kb);
        var ctx = new EvalContext();
        var e = new NormalizedEvent(ckb.Taxonomy);
        string[] paths = [@"C:\Windows\System32\CMD.exe", @"C:\Tools\Procdump.EXE", @"D:\x\Y.dll"];
        for (int i = 0; i < 10_000; i++)
        {
            // Unique paths every 7th event, so the memo sees both repeats and misses.
            var path = i % 7 == 0 ? $@"C:\Temp\File{i}.TMP" : paths[i % paths.Length];
            Assert.Equal(NormalizeStatus.Normalized, ckb.Normalizer.Normalize(new TextRawView(path), e, ctx).Status);
            var lowered = path.ToLowerInvariant();
            var name = lowered[(lowered.LastIndexOf('\\') + 1)..];
            Assert.Equal(name, e.Get("object.name").ToText());
            Assert.Equal(lowered[..^name.Length], e.Get("object.path").ToText());
        }
    }

    [Fact]
    public void Memoized_text_concatenation_gives_the_joined_text_for_repeated_and_changing_operands()
    {
        // The left operand repeats as one instance (a memoized lower()), the right one sometimes arrives as a new instance.
        const string formula = """
            TEXT = '{$name=REST}'
            object.account.name = lower($name)
            object.account.id = "synthetic:" + object.account.name
            object.account.id = object.account.id + "@" + lower($name)
            """;
        var kb = Language.BinderTests.Load(("f/formula.xp", formula));
        Assert.False(kb.HasErrors, string.Join("\n", kb.Diagnostics.Select(d => d.ToString())));
        var ckb = CompiledKnowledgeBase.Compile(kb);
        var ctx = new EvalContext();
        var e = new NormalizedEvent(ckb.Taxonomy);
        string[] names = ["Admin", "SYSTEM", "svc_Backup"];
        for (int i = 0; i < 10_000; i++)
        {
            var name = i % 5 == 0 ? $"User{i}" : names[i % names.Length];
            Assert.Equal(NormalizeStatus.Normalized, ckb.Normalizer.Normalize(new TextRawView(new string(name.AsSpan())), e, ctx).Status);
            var lowered = name.ToLowerInvariant();
            Assert.Equal($"synthetic:{lowered}@{lowered}", e.Get("object.account.id").ToText());
        }
    }

    [Fact]
    public void Memo_holds_more_than_32_distinct_inputs_at_once()
    {
        // Sites see hundreds of distinct DLL paths and hash lists; a 32-entry table thrashed and switched itself off.
        var memo = new CallMemo();
        var keys = Enumerable.Range(0, 64).Select(i => $"C:\\Windows\\System32\\lib{i}.dll").ToArray();
        foreach (var k in keys) memo.Add(k, null, Value.String(k.ToUpperInvariant()));
        int hits = 0;
        foreach (var k in keys)
        {
            if (!memo.TryGet(k, null, out var v)) continue;
            Assert.Equal(k.ToUpperInvariant(), v.AsString);
            hits++;
        }
        Assert.True(hits > 32, $"{hits} of 64 inputs still cached");
    }
}
