using System.Text;
using Vigil.Normalization.Inputs;
using static Vigil.Tests.Inputs.ParseHelper;

namespace Vigil.Tests.Inputs;

public class BadInputTests
{
    [Fact]
    public void Invalid_json_is_rejected_with_the_byte_position()
    {
        var r = Rejected("""{"a":1,,"b":2}""");
        Assert.Equal(RejectionKind.InvalidJson, r.Kind);
        Assert.StartsWith("invalid JSON at byte 7", r.Reason);
        Assert.Equal("test", r.Source);
        Assert.Equal(7, r.Line);
    }

    [Fact]
    public void Pretty_printed_json_errors_name_the_line()
    {
        var r = Rejected("{\n  \"a\": 1,\n  \"b\": tru\n}");
        Assert.Equal(RejectionKind.InvalidJson, r.Kind);
        Assert.StartsWith("invalid JSON at line 3", r.Reason);
    }

    [Fact]
    public void A_truncated_event_is_rejected()
    {
        var r = Rejected("""{"Event":{"System":{"EventID":"4624","Computer":"pc""");
        Assert.Equal(RejectionKind.InvalidJson, r.Kind);
        Assert.Contains("end of data", r.Reason);
    }

    [Fact]
    public void Trailing_garbage_after_the_object_is_rejected()
    {
        Assert.Equal(RejectionKind.InvalidJson, Rejected("""{"a":1} trailing""").Kind);
    }

    [Fact]
    public void Invalid_utf8_is_rejected_with_its_offset()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"a":"abc?"}""");
        bytes[9] = 0xC3; // a lead byte followed by '"' is not UTF-8
        var r = Rejected(bytes);
        Assert.Equal(RejectionKind.InvalidUtf8, r.Kind);
        Assert.Equal("invalid UTF-8 at byte 9", r.Reason);
    }

    [Fact]
    public void Nul_bytes_are_rejected()
    {
        var r = Rejected([0, 0, 0, (byte)'{', (byte)'}']);
        Assert.Equal(RejectionKind.NulBytes, r.Kind);
        Assert.Contains("NUL byte at byte 0", r.Reason);
    }

    [Theory]
    [InlineData('[', ']')]
    [InlineData('{', '}')]
    public void Ten_thousand_deep_nesting_is_rejected_not_a_crash(char open, char close)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) sb.Append(open == '{' ? "{\"a\":" : "[");
        sb.Append('1');
        sb.Append(close, 10_000);
        var r = Rejected(sb.ToString());
        Assert.Equal(RejectionKind.TooDeep, r.Kind);
        Assert.StartsWith("JSON nesting deeper than 256", r.Reason);
    }

    [Fact]
    public void Deep_xml_is_rejected_not_a_crash()
    {
        var xml = "<Event>" + string.Concat(Enumerable.Repeat("<a>", 10_000)) + string.Concat(Enumerable.Repeat("</a>", 10_000)) + "</Event>";
        var r = Rejected(xml);
        Assert.Equal(RejectionKind.TooDeep, r.Kind);
    }

    [Fact]
    public void Malformed_windows_xml_is_rejected()
    {
        var r = Rejected("<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System><EventID>4624</System></Event>");
        Assert.Equal(RejectionKind.InvalidXml, r.Kind);
        Assert.StartsWith("invalid XML at line 1", r.Reason);
    }

    [Fact]
    public void Xml_with_a_dtd_is_rejected_not_expanded()
    {
        var r = Rejected("<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY a \"aaaa\">]><Event><System/></Event>");
        Assert.Equal(RejectionKind.InvalidXml, r.Kind);
    }

    [Fact]
    public void A_json_array_or_scalar_is_not_an_event()
    {
        Assert.Equal(RejectionKind.NotAnObject, Rejected("[1,2,3]").Kind);
    }

    [Fact]
    public void Blank_records_are_empty_not_rejected()
    {
        var parser = new RawEventParser();
        Assert.Equal(ParseOutcome.Empty, parser.Parse(""u8, "t", 1, out _, out _));
        Assert.Equal(ParseOutcome.Empty, parser.Parse(" \t\r\n"u8, "t", 1, out _, out _));
        Assert.Equal(ParseOutcome.Empty, parser.Parse("\uFEFF"u8, "t", 1, out _, out _));
    }

    [Fact]
    public void A_bom_is_skipped()
    {
        using var ev = Event([0xEF, 0xBB, 0xBF, .. "{\"a\":1}"u8]);
        Assert.Equal(InputFormat.Json, ev.Format);
    }

    [Fact]
    public void A_ten_megabyte_line_is_skipped_and_the_stream_goes_on()
    {
        var ms = new MemoryStream();
        ms.Write("{\"n\":1}\n"u8);
        var big = new byte[10 * 1024 * 1024];
        big.AsSpan().Fill((byte)'x');
        big[0] = (byte)'"';
        ms.Write(big);
        ms.Write("\r\n{\"n\":3}\n\n{\"n\":5}"u8);
        ms.Position = 0;

        var reader = new RawEventReader();
        var items = reader.Read(ms, "big.json").ToList();
        Assert.Equal(4, items.Count);
        var tooLong = items[1].Rejection!;
        Assert.Equal(RejectionKind.TooLong, tooLong.Kind);
        Assert.Equal(2, tooLong.Line);
        Assert.Equal("line longer than 4 MiB (10,485,760 bytes): skipped", tooLong.Reason);
        Assert.Equal(3, items[2].Event!.Line);
        Assert.Equal(5, items[3].Event!.Line);
        Assert.Equal(3, reader.Counts.Events);
        Assert.Equal(1, reader.Counts.Empty);
        Assert.Equal(1, reader.Counts.RejectedBy(RejectionKind.TooLong));
        Assert.Equal(5, reader.Counts.Records);
        foreach (var i in items) i.Event?.Dispose();
    }

    [Fact]
    public void A_line_of_exactly_the_limit_is_kept_and_one_byte_more_is_not()
    {
        var options = new InputOptions { MaxEventBytes = 100 };
        string exact = "\"" + new string('a', 98) + "\"";
        string over = "\"" + new string('a', 99) + "\"";
        var records = InputSource.Read(new MemoryStream(Encoding.UTF8.GetBytes(exact + "\n" + over + "\n" + exact)), "s", options).ToList();
        Assert.Equal([RawRecordKind.Data, RawRecordKind.TooLong, RawRecordKind.Data], records.Select(r => r.Kind));
        Assert.Equal(101, records[1].Length);
    }

    [Fact]
    public void Text_with_control_characters_is_binary_not_text()
    {
        var r = Rejected("MZ\u0003\u0001 header");
        Assert.Equal(RejectionKind.ControlCharacters, r.Kind);
        Assert.Equal("control character 0x03 at byte 2: binary data, not text", r.Reason);
        using var ansi = Event("\u001b[31mred\u001b[0m\tlog line");
        Assert.Equal(InputFormat.Text, ansi.Format);
    }

    [Fact]
    public void A_binary_file_is_rejected_line_by_line_and_the_stream_goes_on()
    {
        var rnd = new Random(42);
        var binary = new byte[200_000];
        rnd.NextBytes(binary);
        var ms = new MemoryStream();
        ms.Write(binary);
        ms.Write("\n{\"after\":true}\n"u8);
        ms.Position = 0;
        var reader = new RawEventReader();
        var items = reader.Read(ms, "blob.bin").ToList();
        var counts = reader.Counts;
        Assert.Equal(counts.Records, counts.Events + counts.Rejected + counts.Empty);
        Assert.True(items[^1].IsEvent); // the JSON after the binary part
        Assert.Equal(InputFormat.Json, items[^1].Event!.Format);
        // Random bytes make ~780 "lines"; only a line of one or two printable bytes can pass for text.
        Assert.True(counts.Rejected > 700, counts.ToString());
        Assert.True(counts.Events < 10, counts.ToString());
        Assert.All(items.Where(i => !i.IsEvent), i => Assert.True(
            i.Rejection!.Kind is RejectionKind.NulBytes or RejectionKind.InvalidUtf8 or RejectionKind.ControlCharacters or RejectionKind.InvalidJson or RejectionKind.InvalidXml,
            i.Rejection.Reason));
        foreach (var i in items) i.Event?.Dispose();
    }

    [Fact]
    public void A_whole_file_over_the_limit_is_reported_as_an_event_too_long()
    {
        var options = new InputOptions { MaxEventBytes = 1000, Framing = Framing.Whole };
        var reader = new RawEventReader(options);
        var items = reader.Read(new MemoryStream(new byte[5000]), "raw_1.txt").ToList();
        var r = Assert.Single(items).Rejection!;
        Assert.Equal(RejectionKind.TooLong, r.Kind);
        Assert.StartsWith("event longer than 1000 bytes (5,000 bytes)", r.Reason);
    }

    [Theory]
    [InlineData("Mar  1 00:00:02 srv1 sshd[7]: ok\r\n", "Mar  1 00:00:02 srv1 sshd[7]: ok")]
    [InlineData("tab\tseparated", "tab\tseparated")]
    [InlineData("caf\u00e9 \u4e2d\u6587", "caf\u00e9 \u4e2d\u6587")]
    [InlineData("del\u007fkept", "del\u007fkept")]
    public void Text_lines_read_the_same_through_the_printable_ascii_scan_and_the_full_checks(string line, string text)
    {
        using var e = ParseHelper.Event(line);
        Assert.Equal(text, e.Text);
    }

    [Fact]
    public void A_control_character_after_printable_text_is_still_rejected()
    {
        var r = ParseHelper.Rejected("printable until here\u0001");
        Assert.Contains("control character 0x01", r.Reason);
        Assert.Contains("NUL byte at byte 3", ParseHelper.Rejected("abc\0def").Reason);
    }
}
