using System.Security.Cryptography;
using Vigil.KnowledgeBase;
using Vigil.Storage;

namespace Vigil.Pipeline;

/// <summary>
/// One `vigil ingest` run, shared by the CLI and the benchmark so both measure the same code: expands the inputs,
/// skips files the store completed before (same size and fingerprint), runs the rest through the pipeline into the
/// store and marks each file complete once its last line is committed.
/// </summary>
public sealed class StoreIngestion : IDisposable
{
    private readonly EventStoreWriter _writer;
    private readonly StoreWriteQueue _queue;

    /// <param name="threaded">Store on a writer thread of its own (see <see cref="StoreWriteQueue"/>); false keeps one thread.</param>
    public StoreIngestion(CompiledKnowledgeBase kb, EventStore store, EventStoreWriterOptions writerOptions, PipelineOptions? pipelineOptions = null, bool threaded = true)
    {
        _writer = store.CreateWriter(writerOptions);
        try
        {
            _queue = new StoreWriteQueue(_writer, kb.Taxonomy, threaded);
            Sink = new StoreSink(_queue);
            Pipeline = new EventPipeline(kb, pipelineOptions ?? new PipelineOptions(), Sink);
            // Columns for every field the knowledge base can set, before the first row: a column added mid-run
            // commits the open batch (DDL cannot share it), and early small commits go through the WAL and are
            // rewritten at checkpoints (measured: CPU per event about halved). Fields set some other way still
            // get their column when first seen.
            var fields = PipelineFields.Written(kb.Taxonomy, kb.WrittenFields);
            PrecreatedColumns = fields.Count;
            _writer.EnsureColumns(fields);
        }
        catch
        {
            _queue?.Dispose();
            _writer.Dispose();
            throw;
        }
    }

    public EventPipeline Pipeline { get; }
    /// <summary>Fields given a column before the run (see the constructor).</summary>
    public int PrecreatedColumns { get; }
    public StoreSink Sink { get; }
    public EventStoreWriter Writer => _writer;
    /// <summary>Files skipped because the store already held them complete.</summary>
    public long SkippedFiles { get; private set; }

    /// <summary>Ingests <paramref name="files"/> (see <see cref="Expand"/>) in order; <paramref name="onFile"/> runs after each.</summary>
    public void Run(IReadOnlyList<(string Path, long Size)> files, Action<string, long>? onFile = null)
    {
        // Every question to the store first, while the writer thread is idle: from the first row on it owns the
        // writer. A path named twice is read once (a second read would find no stored keys to skip its lines by).
        var plan = new List<(string Path, long Size, string? Print, bool Skip)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, size) in files)
        {
            if (path == "-") { plan.Add((path, size, null, false)); continue; }
            if (!seen.Add(Path.GetFullPath(path))) continue;
            var print = Fingerprint(path, size);
            plan.Add((path, size, print, _writer.GetSourceStatus(path, size, print) == SourceStatus.Complete));
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var (path, size, print, skip) in plan)
        {
            if (skip) SkippedFiles++;
            else
            {
                Pipeline.RunSource(path);
                if (path != "-") _queue.CompleteSource(path, size, print);
            }
            onFile?.Invoke(path, size);
        }
        Pipeline.Complete(); // completes the queue: waits for the writer and commits
        Elapsed = clock.Elapsed;
    }

    /// <summary>Wall time of the last <see cref="Run"/> (reading to the last commit).</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>Where the time went, for benchmarks: wall time per stage, as far as the pipeline tells them apart.</summary>
    public string StageTimes() => $"store writer busy {_queue.WriterBusy.TotalSeconds:F2} s of {Elapsed.TotalSeconds:F2} s";

    /// <summary>Inputs in a stable order: folders expand to their files (sorted), each with its size.</summary>
    public static List<(string Path, long Size)> Expand(IEnumerable<string> paths)
    {
        var files = new List<(string, long)>();
        foreach (var p in paths)
        {
            if (p == "-") files.Add(("-", 0));
            else if (Directory.Exists(p))
                foreach (var f in Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    files.Add((f, new FileInfo(f).Length));
            else files.Add((p, new FileInfo(p).Length));
        }
        return files;
    }

    // Size plus a hash of the first and last 64 KiB: cheap, and changes when a file is replaced or appended to.
    private static string Fingerprint(string path, long size)
    {
        using var f = File.OpenRead(path);
        var buffer = new byte[(int)Math.Min(size, 65536)];
        f.ReadExactly(buffer);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(buffer);
        if (size > 65536)
        {
            f.Seek(-Math.Min(65536, size - 65536), SeekOrigin.End);
            int n = f.Read(buffer);
            sha.AppendData(buffer, 0, n);
        }
        return Convert.ToHexString(sha.GetHashAndReset())[..32];
    }

    /// <summary>Commits what is pending, records the run and closes the pipeline (and tables it opened).</summary>
    public void Dispose()
    {
        try
        {
            _queue.Dispose();
            _writer.Dispose();
        }
        finally { Pipeline.Dispose(); }
    }
}
