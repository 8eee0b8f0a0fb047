using System.Text;
using System.Text.Json;
using Vigil.Normalization.Inputs;
using static Vigil.Tests.Inputs.ParseHelper;

namespace Vigil.Tests.Inputs;

/// <summary>Flat exports are scanned without a JsonDocument: same values, same rejections, strict JSON.</summary>
public class FlatJsonScannerTests
{
    private const string Nxlog = """{"EventID":4688,"SourceModuleType":"im_msvistalog","Channel":"Security","Hostname":"WS1.corp","SourceName":"Microsoft-Windows-Security-Auditing","Keywords":-9214364837600034816,"@timestamp":"2020-09-21T04:14:55.119Z","tags":["a",{"b":[1,2.5e3,true,null]}],"NewProcessName":"C:\\Windows\\System32\\cmd.exe","Accent":"caf\u00e9 \ud83d\ude00","Padded":"  x  ","Empty":"","Nested":{"k":[1,"v"]},"Flag":false,"Count":-0.5E+2}""";

    [Fact]
    public void Scanned_flat_events_read_like_parsed_ones()
    {
        using var ev = Event(Nxlog);
        Assert.Equal(EventLogShape.Nxlog, ev.Shape);
        Assert.Equal("4688", ev.EventId);
        Assert.Equal("Security", ev.Channel);
        Assert.Equal("Microsoft-Windows-Security-Auditing", ev.ProviderName);
        Assert.Equal("0x8020000000000000", Text(ev.Root, "Keywords"));
        Assert.Equal("WS1.corp", Text(ev.Root, "Computer"));
        Assert.Equal(@"C:\Windows\System32\cmd.exe", Text(ev.Root, "Data", "NewProcessName"));
        Assert.Equal("café 😀", Text(ev.Root, "Data", "Accent"));
        Assert.Equal("x", Text(ev.Root, "Data", "Padded"));
        Assert.Equal("", Text(ev.Root, "Data", "Empty"));
        Assert.Equal("""{"k":[1,"v"]}""", Text(ev.Root, "Data", "Nested"));
        Assert.Equal("false", Text(ev.Root, "Data", "Flag"));
        Assert.Equal("-0.5E+2", Text(ev.Root, "Data", "Count"));
        Assert.Null(Text(ev.Root, "Data", "tags")); // a collector field, not event data
    }

    [Theory]
    [InlineData("""{"EventID":1,"SourceModuleType":"x",}""")]
    [InlineData("""{"EventID":01,"SourceModuleType":"x"}""")]
    [InlineData("""{"EventID":1,"SourceModuleType":"x\q"}""")]
    [InlineData("""{"EventID":1,"SourceModuleType":tru}""")]
    [InlineData("""{"EventID":1,"SourceModuleType":"x"} x""")]
    [InlineData("""{"EventID":1 "SourceModuleType":"x"}""")]
    [InlineData("""{"EventID":1,"SourceModuleType":["x"}""")]
    public void Bad_json_is_rejected_as_the_document_parser_words_it(string text)
    {
        var r = Rejected(text);
        Assert.Equal(RejectionKind.InvalidJson, r.Kind);
        Assert.StartsWith("invalid JSON at byte", r.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"a":1}""", true)]
    [InlineData(""" { "a" : [ ] , "b" : { } , "c" : -1.0e-3 } """, true)]
    [InlineData("{}", true)]
    [InlineData("""{"a":"\u00zz"}""", false)]
    [InlineData("""{"a":1.}""", false)]
    [InlineData("""{"a":-}""", false)]
    [InlineData("""{"a\"b":1}""", false)] // escaped names take the document path
    [InlineData("""[1]""", false)]
    [InlineData("""{"a":1}}""", false)]
    public void Scanner_accepts_only_strict_json(string text, bool accepted)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var index = new Utf8KeyIndex();
        Assert.Equal(accepted, FlatJsonScanner.TryScan(bytes, bytes.Length, index, 64));
        if (!accepted) Assert.Equal(0, index.Count);
    }

    [Fact]
    public void A_raw_control_character_in_a_string_is_not_accepted()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"a\":\"x\u0001y\"}");
        Assert.False(FlatJsonScanner.TryScan(bytes, bytes.Length, new Utf8KeyIndex(), 64));
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse("{\"a\":\"x\"}").RootElement.ValueKind); // the document path decides
    }

    [Fact]
    public void Nesting_near_the_depth_limit_is_left_to_the_document()
    {
        var deep = "{\"EventID\":1,\"SourceModuleType\":\"x\",\"d\":" + new string('[', 300) + new string(']', 300) + "}";
        var bytes = Encoding.UTF8.GetBytes(deep);
        Assert.False(FlatJsonScanner.TryScan(bytes, bytes.Length, new Utf8KeyIndex(), InputOptions.Default.MaxDepth));
        Assert.Equal(RejectionKind.TooDeep, Rejected(deep).Kind);
    }
}
