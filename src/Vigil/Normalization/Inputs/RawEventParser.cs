using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Vigil.Normalization.Inputs;

public enum ParseOutcome : byte
{
    Event,
    /// <summary>Blank record (empty or whitespace-only line): nothing to normalize, counted separately.</summary>
    Empty,
    Rejected,
}

/// <summary>
/// Classifies and parses raw records into <see cref="RawEvent"/>s: unwraps envelopes, detects the input
/// format (JSON object → Windows event shapes or plain JSON; XML → Windows event or other XML; else text)
/// and rejects bad input with a reason instead of throwing. Keeps a pool of RawEvent objects so a long run
/// reuses their buffers and views; <see cref="RawEvent.Dispose"/> returns them.
/// Parse is for one thread at a time; events may be disposed from any thread.
/// </summary>
public sealed class RawEventParser
{
    private const int MaxPooled = 64;

    private readonly InputOptions _options;
    private readonly JsonDocumentOptions _jsonOptions;
    private readonly Stack<RawEvent> _pool = new();
    // The event a one-at-a-time caller (parse, normalize, dispose) hands back: taken and returned with one atomic
    // exchange each instead of a lock, which cost ~5% of a TEXT line's normalization.
    private RawEvent? _spare;

    public RawEventParser(InputOptions? options = null)
    {
        _options = options ?? InputOptions.Default;
        _jsonOptions = new JsonDocumentOptions { MaxDepth = _options.MaxDepth };
    }

    public InputOptions Options => _options;

    /// <summary>
    /// Parses one record. On <see cref="ParseOutcome.Event"/> the caller owns <paramref name="ev"/> and must
    /// dispose it; the input bytes are copied, so the caller may reuse its buffer at once.
    /// </summary>
    public ParseOutcome Parse(ReadOnlySpan<byte> record, string source, long line, out RawEvent? ev, out Rejection? rejection)
    {
        ev = null;
        rejection = null;
        int bom = record.StartsWith("\uFEFF"u8) ? 3 : 0;
        var content = record[bom..];
        if (content.TrimStart(" \t\r\n"u8).IsEmpty) return ParseOutcome.Empty;

        // Most log lines are printable ASCII: one scan then stands for the NUL, UTF-8 and control-character checks
        // (and the text decodes without validation). Anything else takes the checks one by one.
        bool printable = content.TrimEnd("\r\n"u8).IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0;
        if (!printable)
        {
            int nul = content.IndexOf((byte)0);
            if (nul >= 0)
                return Reject(source, line, RejectionKind.NulBytes, $"NUL byte at byte {nul + bom}: binary data, not an event", out rejection);
            if (!Utf8.IsValid(content))
                return Reject(source, line, RejectionKind.InvalidUtf8, $"invalid UTF-8 at byte {InvalidUtf8At(content) + bom}", out rejection);
        }

        var e = Rent();
        e.Begin(source, line);
        e.PrintableAscii = printable;
        content.CopyTo(e.RentPayload(content.Length));
        e.PayloadLength = content.Length;
        try
        {
            var reason = Classify(e, inBody: false, expect: Expect.Detect, out var kind);
            if (reason is null)
            {
                ev = e;
                return ParseOutcome.Event;
            }
            rejection = new Rejection(source, line, kind, reason);
        }
        catch (Exception x) when (x is not OutOfMemoryException)
        {
            // Every known bad input is handled above; this keeps a stream going if some input finds a gap.
            rejection = new Rejection(source, line, RejectionKind.InvalidJson, "unexpected parser failure: " + x.Message);
        }
        e.Dispose();
        return ParseOutcome.Rejected;
    }

    private enum Expect : byte { Detect, EventLog, Json, Text, Xml }

    /// <summary>Sets up the event from Payload (or Body when <paramref name="inBody"/>); returns a rejection reason or null.</summary>
    private string? Classify(RawEvent e, bool inBody, Expect expect, out RejectionKind kind)
    {
        kind = RejectionKind.InvalidJson;
        byte[] buffer = inBody ? e.Body! : e.Payload!;
        int length = inBody ? e.BodyLength : e.PayloadLength;
        var bytes = buffer.AsSpan(0, length);
        int first = bytes.IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0)
        {
            kind = RejectionKind.BadEnvelope;
            return "envelope body is empty";
        }
        // Text keeps leading blanks (TEXT patterns are anchored) and drops the trailing line break (§5.1).
        int textLength = bytes.TrimEnd("\r\n"u8).Length;
        e.SetBytes(inBody, 0, textLength);

        if (expect == Expect.Text)
            return AsText(e, bytes[..textLength], inBody, out kind);

        byte c = bytes[first];
        if (c is (byte)'{' or (byte)'[' && expect != Expect.Xml)
            return ClassifyJson(e, buffer.AsMemory(0, length), inBody, expect, out kind);

        if (c == (byte)'<' && expect != Expect.Json && (expect != Expect.Detect || LooksLikeXml(bytes[first..])))
        {
            var reason = ClassifyXml(e, bytes, inBody, first, textLength, expect, out kind, out bool fallBackToText);
            if (!fallBackToText) return reason;
        }

        switch (expect)
        {
            case Expect.EventLog:
                kind = RejectionKind.BadEnvelope;
                return $"envelope body is not a Windows event although mime is {Envelope.EventLogMime}";
            case Expect.Json:
                kind = RejectionKind.InvalidJson;
                return $"envelope body is not a JSON object although mime is {Envelope.JsonMime}";
            case Expect.Xml:
                kind = RejectionKind.InvalidXml;
                return "envelope body is not XML although mime says so";
        }
        return AsText(e, bytes[..textLength], inBody, out kind);
    }

    // C0 controls other than TAB, LF, VT, FF, CR and ESC (ANSI colours) do not occur in log text; NUL is checked earlier.
    private static readonly SearchValues<byte> BinaryControls = SearchValues.Create(
        [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1C, 0x1D, 0x1E, 0x1F]);

    private static string? AsText(RawEvent e, ReadOnlySpan<byte> text, bool inBody, out RejectionKind kind)
    {
        kind = RejectionKind.ControlCharacters;
        int bad = e.PrintableAscii && !inBody ? -1 : text.IndexOfAny(BinaryControls);
        if (bad >= 0)
            return $"control character 0x{text[bad]:X2} at byte {bad}: binary data, not text";
        e.SetText(inBody, 0, text.Length);
        return null;
    }

    private string? ClassifyJson(RawEvent e, ReadOnlyMemory<byte> json, bool inBody, Expect expect, out RejectionKind kind)
    {
        kind = RejectionKind.InvalidJson;
        if (expect != Expect.Json && TryFlatEventLog(e, inBody)) return null;
        JsonDocument doc;
        try
        {
            // The document reads the event's own pooled copy in place: no second copy of the bytes.
            doc = JsonDocument.Parse(json, _jsonOptions);
        }
        catch (JsonException x)
        {
            var reason = JsonReason(x, json.Span, out kind);
            return inBody ? "envelope body: " + reason : reason;
        }
        e.Document = doc;
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            kind = RejectionKind.NotAnObject;
            return $"JSON {root.ValueKind.ToString().ToLowerInvariant()} where an object was expected: formulas bind an object's keys";
        }
        e.RootIndex.AddObject(root);

        if (!inBody && Envelope.IsEnvelope(e.RootIndex))
            return Unwrap(e, out kind);

        if (expect != Expect.Json)
        {
            if (DetectWindowsShape(e)) return null;
            if (expect == Expect.EventLog)
            {
                kind = RejectionKind.BadEnvelope;
                return $"envelope body is not a Windows event although mime is {Envelope.EventLogMime}";
            }
        }
        e.SetJson();
        e.SetJsonRoot();
        return null;
    }

    /// <summary>
    /// The flat exports (nxlog, flat TimeCreated export) are most recorded Windows logs, and their views read only
    /// top-level members: scanned into the index without a JsonDocument (<see cref="FlatJsonScanner"/>). Anything
    /// else — envelopes, native and Winlogbeat events, other JSON, input the scanner does not accept — returns false
    /// and takes the document path, so the result is the same either way.
    /// </summary>
    private bool TryFlatEventLog(RawEvent e, bool inBody)
    {
        byte[] buffer = inBody ? e.Body! : e.Payload!;
        int length = inBody ? e.BodyLength : e.PayloadLength;
        if (buffer.AsSpan(0, length).IndexOf("\"EventID\""u8) < 0) return false; // both shapes have it; other JSON skips the scan
        var top = e.RootIndex;
        if (!FlatJsonScanner.TryScan(buffer, length, top, _options.MaxDepth)) return false;
        FlatEventSchema? schema = null;
        if (Has(top, KeyEventId) && !Has(top, KeyEvent) && !Has(top, KeyBody) && !Has(top, KeyWinlogbeatId))
        {
            if (Has(top, KeySourceModuleType)) schema = FlatEventSchema.Nxlog;
            else if (Has(top, KeyTimeCreated) && (Has(top, KeyChannel) || Has(top, KeyHostname))) schema = FlatEventSchema.FlatExport;
        }
        if (schema is null)
        {
            top.Clear();
            return false;
        }
        e.SetEventLog(schema);
        return true;
    }

    // The detection keys, hashed once (every flat event asks about all of them).
    private static readonly PreparedKey KeyEventId = new("EventID"), KeyEvent = new("Event"), KeyBody = new("body"),
        KeyWinlogbeatId = new("event_id"), KeySourceModuleType = new("SourceModuleType"), KeyTimeCreated = new("TimeCreated"),
        KeyChannel = new("Channel"), KeyHostname = new("Hostname");

    private static bool Has(Utf8KeyIndex index, PreparedKey key) => index.Find(key.Name, key.Hash) >= 0;

    /// <summary>Native <c>{"Event":{"System":…}}</c>, or one of the flat exporter shapes (datasets.md), detected per record.</summary>
    private static bool DetectWindowsShape(RawEvent e)
    {
        var top = e.RootIndex;
        int ev = top.Find("Event");
        if (ev >= 0)
        {
            var evt = top.ElementAt(ev);
            if (evt.ValueKind == JsonValueKind.Object && evt.TryGetProperty("System", out var sys) && sys.ValueKind == JsonValueKind.Object)
            {
                e.SetEventLog(EventLogShape.Native, evt);
                return true;
            }
        }
        if (top.Find("SourceModuleType") >= 0 && top.Find("EventID") >= 0)
        {
            e.SetEventLog(FlatEventSchema.Nxlog);
            return true;
        }
        if (top.Find("event_id") >= 0
            && (IsObject(top, "event_data") || IsObject(top, "user_data") || (top.Find("computer_name") >= 0 && top.Find("log_name") >= 0)))
        {
            e.SetEventLog(FlatEventSchema.Winlogbeat);
            return true;
        }
        if (top.Find("TimeCreated") >= 0 && top.Find("EventID") >= 0 && (top.Find("Channel") >= 0 || top.Find("Hostname") >= 0))
        {
            e.SetEventLog(FlatEventSchema.FlatExport);
            return true;
        }
        return false;
    }

    private static bool IsObject(Utf8KeyIndex index, string key)
    {
        int i = index.Find(key);
        return i >= 0 && index.ElementAt(i).ValueKind == JsonValueKind.Object;
    }

    /// <summary>Moves the parsed object to the envelope and classifies its body according to the mime type.</summary>
    private string? Unwrap(RawEvent e, out RejectionKind kind)
    {
        kind = RejectionKind.BadEnvelope;
        e.MoveRootToEnvelope();
        var index = e.EnvelopeIndex;
        var body = index.ElementAt(index.Find("body"));

        // Unescape the body straight into a pooled buffer (no intermediate string).
        var raw = JsonMarshal.GetRawUtf8Value(body);
        var reader = new Utf8JsonReader(raw);
        reader.Read();
        var buffer = e.RentBody(raw.Length);
        try
        {
            e.BodyLength = reader.CopyString(buffer);
        }
        catch (InvalidOperationException)
        {
            // A \uD800-style escape that is not half of a surrogate pair has no UTF-8 form.
            kind = RejectionKind.InvalidUtf8;
            return "envelope body has an unpaired \\u surrogate escape";
        }
        var bytes = buffer.AsSpan(0, e.BodyLength);

        int nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
        {
            kind = RejectionKind.NulBytes;
            return $"NUL byte in envelope body at byte {nul}";
        }
        if (!Utf8.IsValid(bytes))
        {
            kind = RejectionKind.InvalidUtf8;
            return $"invalid UTF-8 in envelope body at byte {InvalidUtf8At(bytes)}";
        }

        string? mime = e.Envelope!.Mime;
        var expect = ExpectFor(mime);
        return Classify(e, inBody: true, expect, out kind);
    }

    // The formula's format must match the mime when there is one (§2.2); unknown or missing mime: detect.
    private static Expect ExpectFor(string? mime)
    {
        if (mime is null) return Expect.Detect;
        var m = mime.AsSpan();
        int semi = m.IndexOf(';');
        if (semi >= 0) m = m[..semi];
        m = m.Trim();
        if (m.Equals(Envelope.EventLogMime, StringComparison.OrdinalIgnoreCase)) return Expect.EventLog;
        if (m.Equals(Envelope.JsonMime, StringComparison.OrdinalIgnoreCase)) return Expect.Json;
        if (m.Equals("text/xml", StringComparison.OrdinalIgnoreCase) || m.Equals("application/xml", StringComparison.OrdinalIgnoreCase)) return Expect.Xml;
        if (m.StartsWith("text/", StringComparison.OrdinalIgnoreCase)) return Expect.Text; // text/plain, text/csv
        return Expect.Detect;
    }

    private string? ClassifyXml(RawEvent e, ReadOnlySpan<byte> bytes, bool inBody, int first, int textLength, Expect expect,
        out RejectionKind kind, out bool fallBackToText)
    {
        kind = RejectionKind.InvalidXml;
        fallBackToText = false;
        // From the first '<': an XML declaration must be the very first thing the XML reader sees.
        var xml = Encoding.UTF8.GetString(bytes[first..textLength]);
        var outcome = WindowsEventXml.Convert(xml, _options.MaxDepth, e.XmlJson, out _, out var error);
        switch (outcome)
        {
            case WindowsEventXml.Outcome.WindowsEvent when expect is Expect.Detect or Expect.EventLog:
                var doc = JsonDocument.Parse(e.XmlJson.WrittenMemory, new JsonDocumentOptions { MaxDepth = _options.MaxDepth + 2 });
                e.Document = doc;
                e.SetText(inBody, first, textLength - first, InputFormat.EventLog);
                e.SetEventLog(EventLogShape.Xml, doc.RootElement.GetProperty("Event"));
                return null;
            case WindowsEventXml.Outcome.WindowsEvent:
            case WindowsEventXml.Outcome.OtherXml:
                if (expect == Expect.EventLog)
                {
                    kind = RejectionKind.BadEnvelope;
                    return $"envelope body is XML but not a Windows event although mime is {Envelope.EventLogMime}";
                }
                e.SetText(inBody, first, textLength - first, InputFormat.Xml);
                return null;
            case WindowsEventXml.Outcome.TooDeep:
                kind = RejectionKind.TooDeep;
                return error;
            default:
                // Text that merely starts with '<' (a syslog "<190>…" line is caught earlier) is still text,
                // unless it claims to be XML or a Windows event.
                if (expect == Expect.Detect && !ClaimsXml(bytes))
                {
                    fallBackToText = true;
                    return null;
                }
                return error;
        }
    }

    // '<' followed by a name start, '?' or '!' — not a syslog priority "<190>".
    private static bool LooksLikeXml(ReadOnlySpan<byte> s) =>
        s.Length > 1 && (char.IsAsciiLetter((char)s[1]) || s[1] is (byte)'_' or (byte)'?' or (byte)'!');

    private static bool ClaimsXml(ReadOnlySpan<byte> s)
    {
        s = s.TrimStart(" \t\r\n"u8);
        return s.StartsWith("<?xml"u8) || s.StartsWith("<Event"u8) || s.StartsWith("<Events"u8);
    }

    private string JsonReason(JsonException x, ReadOnlySpan<byte> json, out RejectionKind kind)
    {
        var message = x.Message;
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        message = message.TrimEnd(' ', '.');
        var where = (x.LineNumber ?? 0) == 0 && json.IndexOf((byte)'\n') < 0
            ? $"byte {x.BytePositionInLine ?? 0}"
            : $"line {(x.LineNumber ?? 0) + 1}, byte {x.BytePositionInLine ?? 0}";
        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            kind = RejectionKind.TooDeep;
            return $"JSON nesting deeper than {_options.MaxDepth} at {where}";
        }
        kind = RejectionKind.InvalidJson;
        return $"invalid JSON at {where}: {message}";
    }

    private static int InvalidUtf8At(ReadOnlySpan<byte> bytes)
    {
        // Decode in chunks; the failing chunk's consumed count is the offset of the bad sequence.
        Span<char> scratch = stackalloc char[1024];
        int offset = 0;
        while (offset < bytes.Length)
        {
            var status = Utf8.ToUtf16(bytes[offset..], scratch, out int read, out _, replaceInvalidSequences: false, isFinalBlock: true);
            if (status == System.Buffers.OperationStatus.InvalidData) return offset + read;
            if (read == 0) break;
            offset += read;
        }
        return offset;
    }

    private static ParseOutcome Reject(string source, long line, RejectionKind kind, string reason, out Rejection rejection)
    {
        rejection = new Rejection(source, line, kind, reason);
        return ParseOutcome.Rejected;
    }

    private RawEvent Rent()
    {
        if (Interlocked.Exchange(ref _spare, null) is { } spare) return spare;
        lock (_pool)
        {
            if (_pool.TryPop(out var e)) return e;
        }
        return new RawEvent(this);
    }

    internal void Return(RawEvent e)
    {
        if (Interlocked.CompareExchange(ref _spare, e, null) is null) return;
        lock (_pool)
        {
            if (_pool.Count < MaxPooled) _pool.Push(e);
        }
    }
}
