using Vigil.Events;
using Vigil.Normalization.Inputs;
using static Vigil.Tests.Inputs.ParseHelper;
using S = Vigil.Tests.Inputs.WindowsEventSamples;

namespace Vigil.Tests.Inputs;

public class FormatAndEnvelopeTests
{
    private const string Auditd = """
        {
            "node": "host1",
            "timestamp": 1700000000,
            "timestampfractional": 0.123,
            "eventid": 4242,
            "big": 1e400,
            "ok": true,
            "items": { "SYSCALL": ["arch=c000003e syscall=59"], "EXECVE": ["argc=2 a0=\"ls\""] }
        }
        """;

    [Fact]
    public void Other_json_is_json_with_numbers_kept_as_numbers()
    {
        using var ev = Event(Auditd);
        Assert.Equal(InputFormat.Json, ev.Format);
        Assert.Equal(EventLogShape.None, ev.Shape);
        Assert.Equal("host1", Text(ev.Root, "node"));
        Assert.Equal(ValueKind.Number, Path(ev.Root, "timestamp").Kind);
        Assert.Equal(1700000000, Path(ev.Root, "timestamp").AsNumber);
        Assert.Equal(ValueKind.Double, Path(ev.Root, "timestampfractional").Kind);
        Assert.Equal("1e400", Text(ev.Root, "big")); // not representable: kept as its text, never an exception
        Assert.Equal(ValueKind.Bool, Path(ev.Root, "ok").Kind);
        Assert.Equal("arch=c000003e syscall=59", Text(ev.Root, "items", "SYSCALL", 0));
        Assert.Equal(["node", "timestamp", "timestampfractional", "eventid", "big", "ok", "items"], ev.TopLevelKeys);
        Assert.True(ev.HasTopLevelKey("items"));
        Assert.False(ev.HasTopLevelKey("Items"));
        Assert.Null(ev.EventId);
        Assert.Null(ev.Envelope);
    }

    [Fact]
    public void Keys_with_escapes_non_ascii_or_repeats_are_found()
    {
        using var ev = Event("""{"a\u0062":1,"ключ":"значение","dup":1,"dup":2,"ab\"q":3}""");
        Assert.Equal(1, Path(ev.Root, "ab").AsNumber);
        Assert.Equal("значение", Text(ev.Root, "ключ"));
        Assert.Equal(2, Path(ev.Root, "dup").AsNumber); // the last of repeated names, as JSON readers do
        Assert.Equal(3, Path(ev.Root, "ab\"q").AsNumber);
        Assert.True(Path(ev.Root, "a").IsNull);
        Assert.Contains("ключ", ev.TopLevelKeys);
    }

    [Fact]
    public void Wmi_json_is_json_not_eventlog()
    {
        using var ev = Event("""{"EventCode":4768,"ComputerName":"dc","Logfile":"Security","SourceName":"Microsoft-Windows-Security-Auditing","TimeGenerated":"20200915192849.000000-000","InsertionStrings":["a","b"]}""");
        Assert.Equal(InputFormat.Json, ev.Format);
        Assert.Equal(4768, Path(ev.Root, "EventCode").AsNumber);
        Assert.Equal("b", Text(ev.Root, "InsertionStrings", 1));
    }

    [Fact]
    public void Text_lines_are_text_without_the_trailing_line_break()
    {
        using var ev = Event("<190>Sep 27 20:16:43 teamcity teamcity-rest.log: [2023-09-27 20:12:20,116]  DEBUG - done\r\n");
        Assert.Equal(InputFormat.Text, ev.Format);
        Assert.Null(ev.Root);
        Assert.Equal("<190>Sep 27 20:16:43 teamcity teamcity-rest.log: [2023-09-27 20:12:20,116]  DEBUG - done", ev.Text);
        using var spaced = Event("  indented text\n");
        Assert.Equal("  indented text", spaced.Text);
    }

    [Fact]
    public void Broken_markup_that_does_not_claim_to_be_xml_is_text()
    {
        using var ev = Event("<b>unclosed bold in a log line");
        Assert.Equal(InputFormat.Text, ev.Format);
    }

    [Fact]
    public void Other_xml_is_xml_with_its_text()
    {
        using var ev = Event("<?xml version=\"1.0\"?>\n<Task><Settings><Enabled>true</Enabled></Settings></Task>");
        Assert.Equal(InputFormat.Xml, ev.Format);
        Assert.Null(ev.Root);
        Assert.StartsWith("<?xml", ev.Text);
    }

    [Fact]
    public void An_envelope_is_unwrapped_and_its_fields_kept()
    {
        using var ev = Event(S.Envelope(S.Native, Envelope.EventLogMime));
        var env = ev.Envelope;
        Assert.NotNull(env);
        Assert.Equal(Envelope.EventLogMime, env.Mime);
        Assert.Equal("127.0.0.1", env.RecvIpv4);
        Assert.Equal("2024-06-26T15:23:38.123Z", env.RecvTime);
        Assert.Equal("some_tag", env.Tag);
        Assert.Equal("raw", env.Type);
        Assert.Equal("f1062495-0678-46ac-a329-f060c311248e", env.Uuid);
        Assert.Equal("00000000-0000-0000-0000-000000000000", env.TaskId);
        Assert.Equal("00000000-0000-0000-0000-000000000000", env.InputId);
        Assert.False(env.Normalized);
        Assert.Equal(S.Native, env.Body);
        Assert.Equal("127.0.0.1", env.Get("recv_ipv4").StringOrNull);
        Assert.Equal(S.Native, System.Text.Encoding.UTF8.GetString(ev.Utf8));
        // Envelope fields are pipeline fields, not formula variables.
        Assert.True(Path(ev.Root, "recv_ipv4").IsNull);
    }

    [Fact]
    public void The_corpus_5805_envelope_reads_like_its_test_expects()
    {
        const string raw = """{"body":"{\"Event\":{\"xmlns\":\"http://schemas.microsoft.com/win/2004/08/events/event\",\"System\":{\"Provider\":{\"Name\":\"NETLOGON\"},\"EventID\":{\"Qualifiers\":\"0\",\"text\":\"5805\"},\"Level\":\"2\",\"Task\":\"0\",\"Keywords\":\"0x80000000000000\",\"TimeCreated\":{\"SystemTime\":\"2020-09-15T19:28:49.3597720Z\"},\"EventRecordID\":\"63221\",\"Channel\":\"System\",\"Computer\":\"01566s-win16-ir.threebeesco.com\",\"Security\":\"\"},\"EventData\":{\"Data\":[\"01566S-WIN16-IR\",\"%%5\"],\"Binary\":\"220000C0\"}}}","recv_ipv4":"127.0.0.1","recv_time":"2024-06-26T15:23:38.123Z","task_id":"00000000-0000-0000-0000-000000000000","tag":"some_tag","mime":"application/x-pt-eventlog","normalized":false,"input_id":"00000000-0000-0000-0000-000000000000","type":"raw","uuid":"f1062495-0678-46ac-a329-f060c311248e"}""";
        using var ev = Event(raw);
        Assert.Equal(InputFormat.EventLog, ev.Format);
        Assert.Equal("5805", ev.EventId);
        Assert.Equal("01566s-win16-ir.threebeesco.com", Text(ev.Root, "Computer"));
        Assert.Equal("2020-09-15T19:28:49.3597720Z", Text(ev.Root, "TimeCreated", "SystemTime"));
        Assert.Equal("%%5", Text(ev.Root, "Data", 1));
    }

    [Fact]
    public void The_mime_decides_the_format()
    {
        using (var ev = Event(S.Envelope("""{"event_type":"exec","process":{"pid":1}}""", Envelope.JsonMime)))
        {
            Assert.Equal(InputFormat.Json, ev.Format);
            Assert.Equal(1, Path(ev.Root, "process", "pid").AsNumber);
        }
        // application/json stays JSON even when the body is a Windows event: formulas must match the mime (§2.2).
        using (var ev = Event(S.Envelope(S.Nxlog, Envelope.JsonMime)))
            Assert.Equal(InputFormat.Json, ev.Format);
        using (var ev = Event(S.Envelope("{\"looks\":\"like json\"}", Envelope.TextMime)))
        {
            Assert.Equal(InputFormat.Text, ev.Format);
            Assert.Equal("{\"looks\":\"like json\"}", ev.Text);
        }
        using (var ev = Event(S.Envelope("<190>Oct  2 13:55:06 teamcity x", Envelope.TextMime)))
            Assert.Equal("<190>Oct  2 13:55:06 teamcity x", ev.Text);
    }

    [Fact]
    public void A_body_without_mime_is_detected()
    {
        using (var ev = Event(S.Envelope(S.Native, null)))
        {
            Assert.Equal(InputFormat.EventLog, ev.Format);
            Assert.Null(ev.Envelope!.Mime);
        }
        using (var ev = Event(S.Envelope("""{"a":1}""", null)))
            Assert.Equal(InputFormat.Json, ev.Format);
        using (var ev = Event(S.Envelope("plain words", null)))
            Assert.Equal(InputFormat.Text, ev.Format);
    }

    [Fact]
    public void A_body_that_does_not_fit_its_mime_is_rejected()
    {
        var r = Rejected(S.Envelope("just text", Envelope.EventLogMime));
        Assert.Equal(RejectionKind.BadEnvelope, r.Kind);
        Assert.Contains("not a Windows event", r.Reason);
        Assert.Equal(RejectionKind.BadEnvelope, Rejected(S.Envelope("""{"a":1}""", Envelope.EventLogMime)).Kind);
        Assert.Equal(RejectionKind.InvalidJson, Rejected(S.Envelope("""{"a":""", Envelope.JsonMime)).Kind);
        Assert.Equal(RejectionKind.BadEnvelope, Rejected(S.Envelope("  ", Envelope.TextMime)).Kind);
        Assert.Equal(RejectionKind.NulBytes, Rejected(S.Envelope("a\u0000b", Envelope.TextMime)).Kind);
        var surrogate = Rejected("""{"body":"x\uD800y","mime":"text/plain"}""");
        Assert.Equal(RejectionKind.InvalidUtf8, surrogate.Kind);
    }

    [Fact]
    public void A_body_field_alone_does_not_make_an_envelope()
    {
        using var ev = Event("""{"body":"{\"Event\":{}}","status":200}""");
        Assert.Equal(InputFormat.Json, ev.Format);
        Assert.Null(ev.Envelope);
        Assert.Equal("{\"Event\":{}}", Text(ev.Root, "body"));
    }

    [Fact]
    public void A_siem_export_line_is_renormalized_from_its_body()
    {
        var export = """{"body":"{\"Event\":{\"System\":{\"EventID\":\"4624\",\"Computer\":\"pc\"}}}","mime":"application/x-pt-eventlog","normalized":true,"event_src.host":"pc","_meta":{"x":1}}""";
        using var ev = Event(export);
        Assert.Equal("4624", ev.EventId);
        Assert.Equal("pc", ev.Envelope!.Get("event_src.host").StringOrNull);
        Assert.True(ev.Envelope.Normalized);
    }

    [Fact]
    public void Disposed_events_are_reused_without_leaking_the_previous_event()
    {
        var parser = new RawEventParser();
        var bytes = System.Text.Encoding.UTF8.GetBytes(S.Nxlog);
        parser.Parse(bytes, "a", 1, out var first, out _);
        Assert.Equal("4624", first!.EventId);
        first.Dispose();
        first.Dispose(); // twice is harmless
        parser.Parse("plain text"u8, "b", 2, out var second, out _);
        Assert.Same(first, second); // pooled
        Assert.Equal(InputFormat.Text, second!.Format);
        Assert.Null(second.Root);
        Assert.Null(second.EventId);
        Assert.Equal("b", second.Source);
        Assert.Equal(2, second.Line);
        second.Dispose();
    }
}
