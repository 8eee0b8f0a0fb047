namespace Vigil.Normalization.Inputs;

/// <summary>One item of a read: an event (which the consumer must dispose) or a rejection. Blank lines produce no item.</summary>
public readonly struct InputItem
{
    public RawEvent? Event { get; }
    public Rejection? Rejection { get; }

    public InputItem(RawEvent ev) => Event = ev;
    public InputItem(Rejection rejection) => Rejection = rejection;

    public bool IsEvent => Event is not null;
}

/// <summary>
/// What a read produced. Every record is accounted for: Records = Events + Rejected + Empty.
/// Source errors (a broken archive or member) are not records and are counted apart.
/// </summary>
public sealed class InputCounts
{
    private readonly long[] _byKind = new long[Enum.GetValues<RejectionKind>().Length];

    public long Records { get; private set; }
    public long Events { get; private set; }
    public long Empty { get; private set; }
    public long Rejected { get; private set; }
    public long SourceErrors { get; private set; }

    public long RejectedBy(RejectionKind kind) => _byKind[(int)kind];

    /// <summary>Non-zero rejection counts by kind, source errors included.</summary>
    public IEnumerable<KeyValuePair<RejectionKind, long>> ByKind =>
        Enum.GetValues<RejectionKind>().Where(k => _byKind[(int)k] > 0).Select(k => new KeyValuePair<RejectionKind, long>(k, _byKind[(int)k]));

    internal void CountEvent() { Records++; Events++; }
    internal void CountEmpty() { Records++; Empty++; }

    internal void Count(Rejection r)
    {
        _byKind[(int)r.Kind]++;
        if (r.IsSourceError) SourceErrors++;
        else { Records++; Rejected++; }
    }

    public override string ToString() =>
        $"{Events} events, {Rejected} rejected, {Empty} empty, {SourceErrors} source errors ({Records} records)";
}

/// <summary>
/// The entry point the CLI and benchmarks use: reads a path (file, folder, archive, "-" for stdin) and
/// yields parsed events and rejections in source order, counting everything in <see cref="Counts"/>.
/// Streaming and bounded: one record buffer per open source plus the pooled events in flight.
/// Not thread-safe; the events it yields may be processed on other threads (see <see cref="RawEvent"/>).
/// </summary>
public sealed class RawEventReader
{
    private readonly RawEventParser _parser;

    public RawEventReader(InputOptions? options = null)
    {
        Options = options ?? InputOptions.Default;
        _parser = new RawEventParser(Options);
    }

    public InputOptions Options { get; }

    /// <summary>Totals over every read made with this reader.</summary>
    public InputCounts Counts { get; } = new();

    /// <summary>Events and rejections of <paramref name="path"/>. Dispose each event after use.</summary>
    public IEnumerable<InputItem> Read(string path) => Parse(InputSource.Read(path, Options));

    /// <summary>Events and rejections of an open (non-archive) stream, named <paramref name="sourceName"/>.</summary>
    public IEnumerable<InputItem> Read(Stream stream, string sourceName) => Parse(InputSource.Read(stream, sourceName, Options));

    /// <summary>Events and rejections of already framed records.</summary>
    public IEnumerable<InputItem> Parse(IEnumerable<RawRecord> records)
    {
        foreach (var record in records)
        {
            Rejection? rejection;
            switch (record.Kind)
            {
                case RawRecordKind.SourceError:
                    rejection = new Rejection(record.Source, record.Line, RejectionKind.SourceError, record.Error ?? "source failed");
                    break;
                case RawRecordKind.TooLong:
                    rejection = new Rejection(record.Source, record.Line, RejectionKind.TooLong,
                        $"{(record.IsWholeFile ? "event" : "line")} longer than {Rejection.Size(Options.MaxEventBytes)} ({record.Length:N0} bytes): skipped");
                    break;
                default:
                    var outcome = _parser.Parse(record.Bytes.Span, record.Source, record.Line, out var ev, out rejection);
                    if (outcome == ParseOutcome.Empty)
                    {
                        Counts.CountEmpty();
                        continue;
                    }
                    if (outcome == ParseOutcome.Event)
                    {
                        Counts.CountEvent();
                        yield return new InputItem(ev!);
                        continue;
                    }
                    break;
            }
            Counts.Count(rejection!);
            yield return new InputItem(rejection!);
        }
    }

    /// <summary>
    /// Reads <paramref name="path"/> to the end, calling <paramref name="onEvent"/> for each event and disposing
    /// it afterwards (the callback must not keep it). Returns the number of events.
    /// </summary>
    public long ForEach(string path, Action<RawEvent> onEvent, Action<Rejection>? onRejection = null)
    {
        long n = 0;
        foreach (var item in Read(path))
        {
            if (item.Event is { } ev)
            {
                using (ev) onEvent(ev);
                n++;
            }
            else onRejection?.Invoke(item.Rejection!);
        }
        return n;
    }
}
