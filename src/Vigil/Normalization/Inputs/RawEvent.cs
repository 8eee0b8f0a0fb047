using System.Buffers;
using System.Text;
using System.Text.Json;
using Vigil.Events;

namespace Vigil.Normalization.Inputs;

/// <summary>
/// One parsed raw event: its input format, the structured view formulas read, its text, its envelope.
///
/// Ownership and lifetime (the rule the normalizer must follow):
/// <list type="bullet">
/// <item>A RawEvent owns pooled memory: a copy of its bytes, its JsonDocument(s), and the reusable views.
///   It does not depend on the reader's buffer, so it may outlive the record it came from (batching, handing
///   to a worker thread) — but it is used by one thread at a time: views build their indexes lazily.</item>
/// <item><see cref="Dispose"/> it when done: documents and buffers go back to their pools and the object
///   returns to its parser's pool for the next event. Not disposing is safe (the GC collects it) but loses the reuse.</item>
/// <item>Everything obtained from it — <see cref="Root"/>, <see cref="Envelope"/>, maps and lists inside
///   values — is valid only until Dispose. Strings (and numbers, times…) taken out of values are ordinary
///   immutable objects and may be kept; a map or list must be copied if it must survive the event.</item>
/// </list>
/// </summary>
public sealed class RawEvent : IDisposable, IRawView
{
    private readonly RawEventParser _owner;
    private bool _live;

    // Pooled storage, returned on Dispose.
    internal byte[]? Payload;        // copy of the record (after a BOM)
    internal int PayloadLength;
    internal byte[]? Body;           // unescaped envelope body
    internal int BodyLength;
    internal readonly PooledBufferWriter XmlJson = new(); // Windows XML converted to the native JSON shape
    internal JsonDocument? Document;         // the event's own JSON (payload, body or converted XML)
    internal JsonDocument? EnvelopeDocument;

    // Reusable views.
    internal Utf8KeyIndex RootIndex = new();
    internal Utf8KeyIndex EnvelopeIndex = new();
    private readonly JsonRootMap _jsonRoot = new();
    private readonly NativeEventView _native = new();
    private readonly FlatEventView _flat = new();
    private readonly Envelope _envelope = new();
    private bool _hasEnvelope;
    private bool _viewsSet; // a structured view was pointed at a document: Reset must clear them (text lines never do)

    // Text: a range of Payload or Body.
    internal bool TextInBody;
    internal int TextStart, TextLength;
    // The payload is printable ASCII (0x20-0x7E, but for a trailing line break): its text widens byte for byte.
    internal bool PrintableAscii;
    private string? _text;
    private List<string>? _keys;

    internal RawEvent(RawEventParser owner) => _owner = owner;

    /// <summary>File, <c>archive.zip!member.json</c> or <c>stdin</c>.</summary>
    public string Source { get; private set; } = "";

    /// <summary>1-based line of the event in its source.</summary>
    public long Line { get; private set; }

    public InputFormat Format { get; private set; }

    /// <summary>For <see cref="InputFormat.EventLog"/>: the physical shape it came in (all give the same view).</summary>
    public EventLogShape Shape { get; private set; }

    /// <summary>
    /// The structured root formulas bind: for JSON the object (top-level keys are <c>$key</c>), for EVENTLOG the
    /// Windows event view (§5.2). Null for Text and Xml, whose formulas work on <see cref="Text"/>.
    /// </summary>
    public IValueMap? Root => Format switch
    {
        InputFormat.Json => _jsonRoot,
        InputFormat.EventLog => Shape is EventLogShape.Native or EventLogShape.Xml ? _native : _flat,
        _ => null,
    };

    /// <summary>The event as text for Text and Xml (trailing line break removed); decoded on first read. Null for JSON/EVENTLOG.</summary>
    public string? Text
    {
        get
        {
            if (_text is null && Format is InputFormat.Text or InputFormat.Xml)
                _text = PrintableAscii && !TextInBody ? Encoding.Latin1.GetString(TextBytes) : Encoding.UTF8.GetString(TextBytes);
            return _text;
        }
    }

    /// <summary>The event's bytes (the body when enveloped; for XML events the original XML). UTF-8, valid until Dispose.</summary>
    public ReadOnlySpan<byte> Utf8 => TextBytes;

    private ReadOnlySpan<byte> TextBytes =>
        TextInBody ? Body.AsSpan(TextStart, TextLength) : Payload.AsSpan(TextStart, TextLength);

    /// <summary>The envelope when the record was wrapped in one, else null.</summary>
    public Envelope? Envelope => _hasEnvelope ? _envelope : null;

    // ---- index keys: what a formula index needs to pick candidate formulas without running any ----

    /// <summary>EVENTLOG: the event id as text ("4624"; the "text" of an EventID with Qualifiers). Interned.</summary>
    public string? EventId => Format != InputFormat.EventLog ? null
        : IsNative ? _native.SystemText("EventID") : _flat.EventIdText;

    /// <summary>EVENTLOG: the channel as written ("Security"; exports also write "security"). Interned.</summary>
    public string? Channel => Format != InputFormat.EventLog ? null
        : IsNative ? _native.SystemText("Channel") : _flat.ChannelText;

    /// <summary>EVENTLOG: Provider Name ("Microsoft-Windows-Security-Auditing"). Interned.</summary>
    public string? ProviderName => Format != InputFormat.EventLog ? null
        : IsNative ? _native.ProviderName() : _flat.ProviderNameText;

    /// <summary>JSON: the top-level key names in document order (interned, built on first read).</summary>
    public IReadOnlyList<string> TopLevelKeys
    {
        get
        {
            if (Format != InputFormat.Json) return [];
            if (_keys is null)
            {
                _keys = new List<string>(RootIndex.Count);
                for (int i = 0; i < RootIndex.Count; i++) _keys.Add(RootIndex.InternedNameAt(i));
            }
            return _keys;
        }
    }

    /// <summary>JSON: whether the top-level object has <paramref name="key"/> (no allocation).</summary>
    public bool HasTopLevelKey(string key) => Format == InputFormat.Json && RootIndex.Find(key) >= 0;

    private bool IsNative => Shape is EventLogShape.Native or EventLogShape.Xml;

    // ---- set-up by the parser ----

    internal void Begin(string source, long line)
    {
        _live = true;
        Source = source;
        Line = line;
    }

    internal void SetJson() => Format = InputFormat.Json;

    /// <summary>Which bytes are the event (and its text when the format is Text/Xml).</summary>
    internal void SetBytes(bool inBody, int start, int length)
    {
        TextInBody = inBody;
        TextStart = start;
        TextLength = length;
    }

    internal void SetText(bool inBody, int start, int length, InputFormat format = InputFormat.Text)
    {
        Format = format;
        SetBytes(inBody, start, length);
    }

    internal void SetEventLog(EventLogShape shape, JsonElement nativeEvent)
    {
        Format = InputFormat.EventLog;
        Shape = shape;
        _viewsSet = true;
        _native.Reset(nativeEvent);
    }

    internal void SetEventLog(FlatEventSchema schema)
    {
        Format = InputFormat.EventLog;
        Shape = schema.Shape;
        _viewsSet = true;
        _flat.Reset(schema, RootIndex);
    }

    internal void SetJsonRoot()
    {
        _viewsSet = true;
        _jsonRoot.Reset(RootIndex);
    }

    /// <summary>The parsed object was an envelope: its index moves to the envelope, the root index is freed for the body.</summary>
    internal void MoveRootToEnvelope()
    {
        (EnvelopeIndex, RootIndex) = (RootIndex, EnvelopeIndex);
        RootIndex.Clear();
        EnvelopeDocument = Document;
        Document = null;
        _viewsSet = true;
        _envelope.Reset(EnvelopeIndex);
        _hasEnvelope = true;
    }

    // A pooled event keeps a payload buffer up to this size for its next record: renting one per record from the
    // shared pool (a thread-local lookup each way) cost more than the copy into it.
    private const int KeptPayloadBytes = 64 * 1024;

    /// <summary>A buffer for the record's bytes (kept from the event's previous use when large enough).</summary>
    internal byte[] RentPayload(int size)
    {
        if (Payload is { } kept && kept.Length >= size) return kept;
        if (Payload is not null) ArrayPool<byte>.Shared.Return(Payload);
        return Payload = ArrayPool<byte>.Shared.Rent(Math.Max(size, 256));
    }

    internal byte[] RentBody(int size)
    {
        Body = ArrayPool<byte>.Shared.Rent(Math.Max(size, 16));
        return Body;
    }

    /// <summary>Returns buffers and documents; the object goes back to its parser's pool.</summary>
    public void Dispose()
    {
        if (!_live) return;
        _live = false;
        Reset();
        _owner.Return(this);
    }

    internal void Reset()
    {
        Document?.Dispose();
        Document = null;
        EnvelopeDocument?.Dispose();
        EnvelopeDocument = null;
        if (Payload is { Length: > KeptPayloadBytes })
        {
            ArrayPool<byte>.Shared.Return(Payload);
            Payload = null;
        }
        PayloadLength = 0;
        if (Body is not null) ArrayPool<byte>.Shared.Return(Body);
        Body = null;
        BodyLength = 0;
        XmlJson.Dispose();
        RootIndex.Clear();
        EnvelopeIndex.Clear();
        if (_viewsSet)
        {
            _jsonRoot.Reset(RootIndex);
            _native.Reset(default);
            _flat.Reset(FlatEventSchema.FlatExport, RootIndex);
            _envelope.Reset(EnvelopeIndex);
            _viewsSet = false;
        }
        _hasEnvelope = false;
        TextInBody = false;
        TextStart = TextLength = 0;
        PrintableAscii = false;
        _text = null;
        _keys = null;
        Format = InputFormat.Text;
        Shape = EventLogShape.None;
        Source = "";
        Line = 0;
    }

    // The normalizer's view: the same formats, in the same order.
    RawShape IRawView.Shape => (RawShape)Format;
    IValueMap? IRawView.EnvelopeFields => Envelope;

    public override string ToString() => $"{Source}:{Line} {Format}{(Shape != EventLogShape.None ? "/" + Shape : "")}";
}

/// <summary>The top-level object of a JSON event as a map (JSON semantics, §5.3), over the parser's index.</summary>
internal sealed class JsonRootMap : IValueMap
{
    private Utf8KeyIndex _index = new();

    public void Reset(Utf8KeyIndex index) => _index = index;

    public Value Get(string key) => _index.Get(key, ValueMode.Json);

    public string? Text => null;

    public IEnumerable<KeyValuePair<string, Value>> Entries
    {
        get
        {
            for (int i = 0; i < _index.Count; i++)
                yield return new(_index.InternedNameAt(i), _index.ValueAt(i, ValueMode.Json));
        }
    }
}
