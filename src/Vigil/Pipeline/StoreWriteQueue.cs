using System.Buffers;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Unicode;
using System.Threading.Channels;
using Vigil.Events;
using Vigil.Storage;

namespace Vigil.Pipeline;

/// <summary>
/// Carries the rows of an ingest from the pipeline thread to the one thread that owns the <see cref="EventStoreWriter"/>,
/// so reading, parsing and normalizing overlap with DuckDB's appends (two stages, two cores). Rows travel in chunks
/// through a bounded channel: memory stays bounded and the pipeline waits when the store falls behind.
/// <para>
/// Order and accounting are those of the single-threaded path: one channel, one consumer, so rows (and the
/// completion marks of sources) reach the writer in exactly the order the pipeline produced them. The pipeline
/// thread does the per-row work that needs no store: the key (SHA-256 of the raw bytes), UTF-8 validation and the
/// copy of the event's set fields.
/// </para>
/// A failure on the writer thread stops the run: the next call on the pipeline side, or <see cref="Complete"/>,
/// rethrows it (the writer has already rolled its batch back).
/// </summary>
public sealed class StoreWriteQueue : IDisposable
{
    private const int ChunkRows = 256;

    private readonly EventStoreWriter _writer;
    private readonly Channel<Item[]>? _channel;
    private readonly Thread? _thread;
    private readonly NormalizedEvent _event;
    private readonly Stopwatch _busy = new();
    private Item[] _chunk = new Item[ChunkRows];
    private int _count;
    private ExceptionDispatchInfo? _failure;
    private bool _completed;
    private string? _lastSource;
    private byte[] _lastSourceUtf8 = [];

    /// <param name="threaded">False writes each row on the caller's thread at once (tests, comparisons).</param>
    /// <param name="capacityChunks">Chunks of <see cref="ChunkRows"/> rows that may wait for the writer.</param>
    public StoreWriteQueue(EventStoreWriter writer, Taxonomy taxonomy, bool threaded = true, int capacityChunks = 32)
    {
        _writer = writer;
        _event = new NormalizedEvent(taxonomy);
        if (!threaded) return;
        _channel = Channel.CreateBounded<Item[]>(new BoundedChannelOptions(capacityChunks) { SingleReader = true, SingleWriter = true });
        _thread = new Thread(Drain) { Name = "vigil store writer", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Lines the store already held (re-ingested duplicates); final after <see cref="Complete"/>.</summary>
    public long Duplicates { get; private set; }
    /// <summary>Time the writer spent appending and committing: the store's stage time.</summary>
    public TimeSpan WriterBusy => _busy.Elapsed;

    public void Normalized(NormalizedEvent e, string formula, ReadOnlySpan<byte> raw, string source, long line) =>
        Post(new Item(ItemKind.Row, source, line, formula, EventSnapshot.Capture(e)), raw);

    public void Unmatched(ReadOnlySpan<byte> raw, string source, long line, string reason) =>
        Post(new Item(ItemKind.Row, source, line, reason, null), raw);

    public void Rejected(string source, long line, string reason) => Post(new Item(ItemKind.Rejected, source, line, reason, null), default);

    /// <summary>Marks a source complete once every row queued before this call is in the store (see <see cref="EventStoreWriter.CompleteSource"/>).</summary>
    public void CompleteSource(string source, long? size, string? fingerprint) =>
        Post(new Item(ItemKind.SourceComplete, source, 0, fingerprint, null) { Size = size }, default);

    /// <summary>Sends what is queued, waits for the writer to store it and commits; rethrows a writer failure.</summary>
    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        if (_channel is not null)
        {
            Send();
            _channel.Writer.TryComplete();
            _thread!.Join();
        }
        _failure?.Throw();
        Run(_writer.Flush);
    }

    public void Dispose()
    {
        if (_completed) return;
        _completed = true;
        // Abandoned (the pipeline failed): stop the writer thread, whatever was queued is not stored.
        _channel?.Writer.TryComplete();
        _thread?.Join();
        Release(_chunk, _count);
    }

    private void Post(Item item, ReadOnlySpan<byte> raw)
    {
        _failure?.Throw();
        ObjectDisposedException.ThrowIf(_completed, this);
        if (item.Kind == ItemKind.Row) Prepare(item, raw);
        if (_channel is null)
        {
            Write(item);
            item.Release();
            return;
        }
        _chunk[_count++] = item;
        if (_count == ChunkRows) Send();
    }

    // The pipeline thread's share: raw bytes copied out of the pooled event (valid UTF-8, as a string would have
    // made them) and the key computed from them.
    private void Prepare(Item item, ReadOnlySpan<byte> raw)
    {
        if (!Utf8.IsValid(raw)) raw = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(raw));
        item.Raw = ArrayPool<byte>.Shared.Rent(Math.Max(raw.Length, 1));
        item.RawLength = raw.Length;
        raw.CopyTo(item.Raw);
        if (!ReferenceEquals(item.Source, _lastSource))
        {
            _lastSource = item.Source;
            _lastSourceUtf8 = Encoding.UTF8.GetBytes(item.Source);
        }
        item.Key = EventKey.Compute(_lastSourceUtf8, item.Line, raw);
    }

    private void Send()
    {
        if (_count == 0) return;
        var chunk = _chunk;
        int n = _count;
        if (n < ChunkRows) Array.Resize(ref chunk, n);
        _chunk = new Item[ChunkRows];
        _count = 0;
        var w = _channel!.Writer;
        try
        {
            if (!w.TryWrite(chunk)) w.WriteAsync(chunk).AsTask().GetAwaiter().GetResult();
        }
        catch (ChannelClosedException)
        {
            Release(chunk, n);
            _thread!.Join();
            _failure?.Throw();
            throw;
        }
    }

    private void Drain()
    {
        var reader = _channel!.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var chunk))
            {
                if (_failure is not null)
                {
                    Release(chunk, chunk.Length);
                    continue;
                }
                try
                {
                    foreach (var item in chunk) Write(item);
                }
                catch (Exception ex)
                {
                    // Later chunks are dropped; the pipeline side sees the failure on its next call.
                    _failure = ExceptionDispatchInfo.Capture(ex);
                    _channel.Writer.TryComplete();
                }
                finally { Release(chunk, chunk.Length); }
            }
        }
    }

    private void Write(Item item)
    {
        _busy.Start();
        try
        {
            switch (item.Kind)
            {
                case ItemKind.Row:
                    item.Event?.CopyTo(_event);
                    if (!_writer.AddPrepared(item.Key, item.Event is null ? null : _event, item.Text, item.Raw.AsSpan(0, item.RawLength), item.Source, item.Line))
                        Duplicates++;
                    break;
                case ItemKind.Rejected:
                    if (!_writer.AddRejected(item.Source, item.Line, item.Text!, "")) Duplicates++;
                    break;
                case ItemKind.SourceComplete:
                    _writer.CompleteSource(item.Source, item.Size, item.Text);
                    break;
            }
        }
        finally { _busy.Stop(); }
    }

    private void Run(Action a)
    {
        _busy.Start();
        try { a(); }
        finally { _busy.Stop(); }
    }

    private static void Release(Item[] chunk, int n)
    {
        for (int i = 0; i < n; i++) chunk[i]?.Release();
    }

    private enum ItemKind : byte { Row, Rejected, SourceComplete }

    private sealed class Item(ItemKind kind, string source, long line, string? text, EventSnapshot? e)
    {
        public ItemKind Kind { get; } = kind;
        public string Source { get; } = source;
        public long Line { get; } = line;
        /// <summary>Formula name (normalized), reason (unmatched, rejected) or fingerprint (source complete).</summary>
        public string? Text { get; } = text;
        public EventSnapshot? Event { get; } = e;
        public long? Size { get; init; }
        public long Key { get; set; }
        public byte[]? Raw { get; set; }
        public int RawLength { get; set; }

        public void Release()
        {
            if (Raw is null) return;
            ArrayPool<byte>.Shared.Return(Raw);
            Raw = null;
        }
    }
}
