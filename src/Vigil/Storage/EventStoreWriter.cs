using System.Text;
using DuckDB.NET.Data;
using Vigil.Events;

namespace Vigil.Storage;

/// <summary>
/// Appends one ingestion run's rows to an <see cref="EventStore"/>: normalized events, unmatched lines (kept
/// whole, with <c>ingest_status = 'unmatched'</c>) and rejected lines (in <c>rejects</c>), so that
/// normalized + unmatched + rejected accounts for every input line.
/// <para>
/// Rows go straight into DuckDB appenders inside an open transaction; every <see cref="EventStoreWriterOptions.BatchSize"/>
/// rows (and on <see cref="Flush"/>) the appenders are closed and the transaction committed. A failure anywhere
/// in a batch rolls the whole batch back and throws <see cref="EventStoreException"/>: the store then holds
/// exactly the earlier batches, never part of one.
/// </para>
/// <para>
/// Re-ingestion is idempotent on two levels. A source completed before with the same size and fingerprint
/// reports <see cref="SourceStatus.Complete"/> and the pipeline skips it unread. A source with stored rows
/// (an interrupted run) has its stored keys loaded once, on its first row, and lines already present are skipped:
/// one query per such source, and none at all for sources the store has never seen.
/// </para>
/// Not thread-safe: one pipeline stage owns the writer.
/// </summary>
public sealed class EventStoreWriter : IDisposable
{
    private const string Normalized = "normalized";
    private const string Unmatched = "unmatched";

    private readonly EventStore _store;
    private readonly DuckDBConnection _connection;
    private readonly int _batchSize;
    private readonly int _fieldCount;
    // Rows stored per source when this run started (events, rejects): with what this run adds, the counts that
    // CompleteSource records, without a query over the whole table per source.
    private readonly Dictionary<string, (long Events, long Rejects)> _storedBefore;
    // Sources that gained rows in the open batch: their counts go back to the committed ones if it fails.
    private readonly List<SourceEntry> _touched = [];
    private readonly Dictionary<string, SourceEntry> _sources = new(StringComparer.Ordinal);
    private SourceEntry? _lastSource;
    private byte[]? _keyBuffer;

    private DuckDBTransaction? _transaction;
    private EventChunkAppender? _events;
    private DuckDBAppender? _rejects;
    private int _pending;

    private long _normalized, _unmatched, _rejected, _duplicates, _batches;
    // The counts as of the last commit: a failed batch puts the counts back to these.
    private (long Normalized, long Unmatched, long Rejected) _committed;

    internal EventStoreWriter(EventStore store, EventStoreWriterOptions options)
    {
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), "BatchSize must be at least 1");
        _store = store;
        _connection = store.Connection;
        _batchSize = options.BatchSize;
        _fieldCount = store.Taxonomy.Count;
        IngestId = options.IngestId ?? $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..6]}";
        _storedBefore = LoadStoredCounts();
        Run(() => _store.Execute(
            $"INSERT OR REPLACE INTO {StoreSchema.IngestsTable} (ingest_id, started_at) VALUES (?, ?)", IngestId, DateTime.UtcNow));
    }

    public string IngestId { get; }
    public EventStoreStats Stats => new(_normalized, _unmatched, _rejected, _duplicates, _batches, _pending);
    internal bool IsDisposed { get; private set; }

    /// <summary>Test hook: runs after a batch's rows are appended, before its commit; an exception fails the batch.</summary>
    internal Action<int>? BeforeCommit { get; set; }

    /// <summary>Stores a normalized event. Returns false when the line is already stored (a re-ingested duplicate).</summary>
    public bool Add(NormalizedEvent e, string? formula, string raw, string source, long line)
    {
        if (!TryKey(source, line, raw, out long key)) return false;
        AddKeyed(key, e, formula, Encoding.UTF8.GetBytes(raw), source, line);
        return true;
    }

    /// <summary>Stores a line no formula normalized, whole, so it can still be hunted in <c>raw</c>.</summary>
    public bool AddUnmatched(string raw, string source, long line, string? reason = null)
    {
        if (!TryKey(source, line, raw, out long key)) return false;
        AddKeyed(key, null, reason, Encoding.UTF8.GetBytes(raw), source, line);
        return true;
    }

    /// <summary>
    /// Stores a row whose key was computed already (<see cref="EventKey.Compute(ReadOnlySpan{byte}, long, ReadOnlySpan{byte})"/>,
    /// on the pipeline thread) from raw bytes that are valid UTF-8: normalized when <paramref name="e"/> is set, else
    /// unmatched with <paramref name="formulaOrReason"/> as its reason. False when the store already holds the line.
    /// </summary>
    internal bool AddPrepared(long key, NormalizedEvent? e, string? formulaOrReason, ReadOnlySpan<byte> rawUtf8, string source, long line)
    {
        if (IsStoredAlready(source, key)) return false;
        AddKeyed(key, e, formulaOrReason, rawUtf8, source, line);
        return true;
    }

    private void AddKeyed(long key, NormalizedEvent? e, string? formulaOrReason, ReadOnlySpan<byte> rawUtf8, string source, long line)
    {
        if (e is not null && !ReferenceEquals(e.Taxonomy, _store.Taxonomy) && e.Taxonomy.Count != _fieldCount)
            throw new ArgumentException("the event was built with a different taxonomy than the store's", nameof(e));
        if (e is null) AppendEvent(key, source, line, Unmatched, null, formulaOrReason, null, rawUtf8);
        else AppendEvent(key, source, line, Normalized, formulaOrReason, null, e, rawUtf8);
    }

    /// <summary>Records a line that could not be read as an event at all (bad JSON, oversized…) in <c>rejects</c>.</summary>
    public bool AddRejected(string source, long line, string reason, string rawExcerpt)
    {
        if (!TryKey(source, line, rawExcerpt, out long key)) return false;
        try
        {
            BeginBatch();
            _rejects ??= _connection.CreateAppender(StoreSchema.RejectsTable);
            _rejects.CreateRow()
                .AppendValue((long?)key).AppendValue(IngestId).AppendValue(source).AppendValue((long?)line)
                .AppendValue(reason).AppendValue(rawExcerpt)
                .EndRow();
        }
        catch (Exception ex) { throw FailBatch(ex); }
        _rejected++;
        _lastSource!.Rejects++;
        RowAdded();
        return true;
    }

    /// <summary>Commits the pending batch, if any.</summary>
    public void Flush()
    {
        if (_transaction is null) return;
        try
        {
            // Closing an appender writes its last buffered chunk; errors (a constraint, a full disk) surface here.
            _events?.Close();
            _rejects?.Close();
            BeforeCommit?.Invoke(_pending);
            _transaction.Commit();
        }
        catch (Exception ex) { throw FailBatch(ex); }
        DisposeBatch();
        _batches++;
        _committed = (_normalized, _unmatched, _rejected);
        foreach (var t in _touched) t.Commit();
        _touched.Clear();
    }

    /// <summary>What the store knows of <paramref name="source"/>: whether to read it at all (see <see cref="SourceStatus"/>).</summary>
    public SourceStatus GetSourceStatus(string source, long? size = null, string? fingerprint = null)
    {
        var completed = Run(() =>
        {
            using var cmd = _store.Command($"SELECT size, fingerprint FROM {StoreSchema.SourcesTable} WHERE source = ?", source);
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return (SourceStatus?)null;
            long? storedSize = r.IsDBNull(0) ? null : r.GetInt64(0);
            string? storedPrint = r.IsDBNull(1) ? null : r.GetString(1);
            return storedSize == size && storedPrint == fingerprint ? SourceStatus.Complete : SourceStatus.Changed;
        });
        if (completed is { } status) return status;
        bool hasRows = _storedBefore.ContainsKey(source) || (_sources.TryGetValue(source, out var s) && s.Events + s.Rejects > 0);
        return hasRows ? SourceStatus.Partial : SourceStatus.New;
    }

    /// <summary>
    /// Marks a source as fully read: records it in <c>sources</c> with its row counts (its own rows and those of its
    /// members, <c>source!member</c>), so a later run skips it. Call only after the last line of the source was added.
    /// <para>
    /// The record joins the open batch rather than committing it: it commits together with the source's last rows
    /// (a failed batch takes it back too), and a run over many small files still commits in full batches. A file per
    /// transaction cost most of the ingest time: DuckDB writes optimistically only row groups a transaction fills, so
    /// small commits all went through the WAL and were rewritten at each checkpoint.
    /// </para>
    /// </summary>
    public void CompleteSource(string source, long? size = null, string? fingerprint = null)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var (events, rejects) = CountRows(source);
        try
        {
            BeginBatch();
            _store.Execute(
                $"INSERT OR REPLACE INTO {StoreSchema.SourcesTable} (source, size, fingerprint, events, rejects, ingest_id, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                source, size, fingerprint, events, rejects, IngestId, DateTime.UtcNow);
        }
        catch (Exception ex) { throw FailBatch(ex); }
    }

    // Stored before this run plus added by it, over the source and its members.
    private (long Events, long Rejects) CountRows(string source)
    {
        long events = 0, rejects = 0;
        foreach (var (name, n) in _storedBefore)
            if (IsSourceOrMember(name, source)) { events += n.Events; rejects += n.Rejects; }
        foreach (var (name, s) in _sources)
            if (IsSourceOrMember(name, source)) { events += s.Events; rejects += s.Rejects; }
        return (events, rejects);
    }

    private static bool IsSourceOrMember(string name, string source) =>
        name.StartsWith(source, StringComparison.Ordinal) && (name.Length == source.Length || name[source.Length] == '!');

    /// <summary>Commits what is pending and records the run's counts in <c>ingests</c>.</summary>
    public void Dispose()
    {
        if (IsDisposed) return;
        IsDisposed = true;
        try
        {
            Flush();
            Run(() => _store.Execute(
                $"UPDATE {StoreSchema.IngestsTable} SET finished_at = ?, normalized = ?, unmatched = ?, rejected = ?, duplicates = ? WHERE ingest_id = ?",
                DateTime.UtcNow, _normalized, _unmatched, _rejected, _duplicates, IngestId));
        }
        finally
        {
            DisposeBatch();
            if (_keyBuffer is not null) System.Buffers.ArrayPool<byte>.Shared.Return(_keyBuffer);
            _keyBuffer = null;
        }
    }

    /// <summary>
    /// Gives these fields a column now (committing any pending batch). Optional: a field gets its column the first
    /// time an event sets it; a pipeline that knows which fields its formulas write can call this once up front
    /// so the run does not pause for schema changes.
    /// </summary>
    public void EnsureColumns(IEnumerable<FieldId> fields)
    {
        var missing = fields.Where(id => !_store.IsStored(id)).Select(id => _store.Taxonomy[id]).ToList();
        if (missing.Count == 0) return;
        Flush();
        _store.AddStoredFields(missing);
    }

    private void AppendEvent(long key, string source, long line, string status, string? formula, string? reason, NormalizedEvent? e, ReadOnlySpan<byte> raw)
    {
        if (e is not null) AddMissingColumns(e);
        // No closure here: this runs once per event.
        try
        {
            BeginBatch();
            _events ??= new EventChunkAppender(_connection, _store.Taxonomy, _store.StoredFields);
            _events.Append(key, IngestId, source, line, status, formula, reason, raw, e);
        }
        catch (Exception ex) { throw FailBatch(ex); }
        _appenderRows++;
        _appenderBytes += raw.Length;
        if (e is null) _unmatched++;
        else _normalized++;
        _lastSource!.Events++;
        RowAdded();
    }

    private void AddMissingColumns(NormalizedEvent e)
    {
        List<FieldInfo>? missing = null;
        foreach (var id in e)
            if (!_store.IsStored(id)) (missing ??= []).Add(e.Taxonomy[id]);
        if (missing is null) return;
        // DDL and the appender's rows must not share a transaction: commit what is pending first.
        Flush();
        _store.AddStoredFields(missing);
    }

    private void RowAdded()
    {
        var s = _lastSource!;
        if (!s.Touched)
        {
            s.Touched = true;
            _touched.Add(s);
        }
        if (++_pending >= _batchSize) Flush();
        else if (_appenderRows >= AppenderRows || _appenderBytes >= AppenderBytes) HandOverRows();
    }

    // DuckDB's appender keeps rows in a buffer of its own until it holds ~200k of them: with a raw event of a few KB
    // that is half a gigabyte of fresh memory, faulted in and freed again at each hand-over. Closing the appender
    // every AppenderRows rows or AppenderBytes of raw text (the transaction stays open) hands them to the table sooner
    // and keeps the buffer small, also under a low memory limit: measured on all Security-Datasets, 14.6-14.7k ->
    // 15.5-16.2k events/s and peak RSS 4.3 -> 3.7 GB at DuckDB's default limit.
    private const int AppenderRows = 20_480;
    private const long AppenderBytes = 32L << 20;
    private int _appenderRows;
    private long _appenderBytes;

    private void HandOverRows()
    {
        _appenderRows = 0;
        _appenderBytes = 0;
        if (_events is null) return;
        try { _events.Close(); }
        catch (Exception ex) { throw FailBatch(ex); }
        _events.Dispose();
        _events = null;
    }

    private void BeginBatch() => _transaction ??= _connection.BeginTransaction();

    /// <summary>Computes the line's key; false (and counted as a duplicate) when the store already holds it.</summary>
    private bool TryKey(string source, long line, string raw, out long key)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var s = _lastSource is { } last && ReferenceEquals(last.Name, source) ? last : Source(source);
        _lastSource = s;
        key = EventKey.Compute(s.Utf8, line, raw, ref _keyBuffer);
        return !IsStoredAlready(source, key);
    }

    /// <summary>True (and counted as a duplicate) when the store held this key of the source before the run.</summary>
    private bool IsStoredAlready(string source, long key)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var s = _lastSource is { } last && (ReferenceEquals(last.Name, source) || last.Name == source) ? last : Source(source);
        _lastSource = s;
        if (s.StoredKeys is not null && s.StoredKeys.Contains(key))
        {
            _duplicates++;
            return true;
        }
        return false;
    }

    private SourceEntry Source(string source)
    {
        if (_sources.TryGetValue(source, out var s)) return s;
        s = new SourceEntry(source, Encoding.UTF8.GetBytes(source));
        // Keys are loaded only for sources the store held rows of when this run started: a new source costs nothing.
        if (_storedBefore.ContainsKey(source)) s.StoredKeys = Run(() => LoadKeys(source));
        _sources.Add(source, s);
        return s;
    }

    private HashSet<long> LoadKeys(string source)
    {
        var keys = new HashSet<long>();
        using var cmd = _store.Command(
            $"SELECT event_key FROM {StoreSchema.DataTable} WHERE source = ? UNION ALL SELECT event_key FROM {StoreSchema.RejectsTable} WHERE source = ?",
            source, source);
        using var r = cmd.ExecuteReader();
        while (r.Read()) keys.Add(r.GetInt64(0));
        return keys;
    }

    private Dictionary<string, (long Events, long Rejects)> LoadStoredCounts()
    {
        var counts = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        Run(() =>
        {
            using var cmd = _store.Command(
                $"""
                SELECT source, sum(e)::BIGINT, sum(r)::BIGINT FROM (
                  SELECT source, count(*) AS e, 0 AS r FROM {StoreSchema.DataTable} GROUP BY source
                  UNION ALL SELECT source, 0, count(*) FROM {StoreSchema.RejectsTable} GROUP BY source)
                GROUP BY source
                """);
            using var r = cmd.ExecuteReader();
            while (r.Read()) counts[r.GetString(0)] = (r.GetInt64(1), r.GetInt64(2));
        });
        return counts;
    }

    // Any failure inside a batch: drop the appenders' buffered rows, roll back, and report the batch as lost.
    private EventStoreException FailBatch(Exception ex)
    {
        if (ex is EventStoreException ese) return ese;
        int lost = _pending;
        (_normalized, _unmatched, _rejected) = _committed;
        foreach (var t in _touched) t.Revert();
        _touched.Clear();
        try { _events?.Clear(); } catch (Exception) { }
        try { _rejects?.Clear(); } catch (Exception) { }
        // Appenders are disposed before the rollback: disposing closes (flushes) them, and whatever a failed
        // Clear left behind must land in the transaction that is about to be discarded, not in auto-commit.
        DisposeAppenders();
        // A failed commit may already have finished the transaction (DuckDB.NET then refuses a rollback with
        // InvalidOperationException): either way nothing of the batch is in the store, and the original error is
        // the one to report.
        try { _transaction?.Rollback(); }
        catch (Exception e) when (e is DuckDBException or InvalidOperationException) { }
        DisposeBatch();
        return new EventStoreException($"writing to the event store {_store.Path} failed; the batch of {lost:N0} row(s) was rolled back: {ex.Message}", ex);
    }

    private void DisposeAppenders()
    {
        try { _events?.Dispose(); } catch (Exception) { } // a broken appender; the batch is being discarded
        try { _rejects?.Dispose(); } catch (Exception) { }
        _events = null;
        _rejects = null;
    }

    private void DisposeBatch()
    {
        DisposeAppenders();
        _appenderRows = 0;
        _appenderBytes = 0;
        _transaction?.Dispose();
        _transaction = null;
        _pending = 0;
    }

    private T Run<T>(Func<T> f)
    {
        try { return f(); }
        catch (DuckDBException ex) { throw new EventStoreException($"event store {_store.Path}: {ex.Message}", ex); }
    }

    private void Run(Action a) => Run(() => { a(); return 0; });

    private sealed class SourceEntry(string name, byte[] utf8)
    {
        public string Name { get; } = name;
        public byte[] Utf8 { get; } = utf8;
        public HashSet<long>? StoredKeys { get; set; }
        /// <summary>Rows this run added (committed or in the open batch).</summary>
        public long Events { get; set; }
        public long Rejects { get; set; }
        /// <summary>In the open batch's touched list.</summary>
        public bool Touched { get; set; }
        private long _committedEvents, _committedRejects;

        public void Commit()
        {
            (_committedEvents, _committedRejects) = (Events, Rejects);
            Touched = false;
        }

        public void Revert()
        {
            (Events, Rejects) = (_committedEvents, _committedRejects);
            Touched = false;
        }
    }
}
