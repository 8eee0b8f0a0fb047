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

    public StoreIngestion(CompiledKnowledgeBase kb, EventStore store, EventStoreWriterOptions writerOptions, PipelineOptions? pipelineOptions = null)
    {
        _writer = store.CreateWriter(writerOptions);
        Sink = new StoreSink(_writer);
        Pipeline = new EventPipeline(kb, pipelineOptions ?? new PipelineOptions(), Sink);
    }

    public EventPipeline Pipeline { get; }
    public StoreSink Sink { get; }
    public EventStoreWriter Writer => _writer;
    /// <summary>Files skipped because the store already held them complete.</summary>
    public long SkippedFiles { get; private set; }

    /// <summary>Ingests <paramref name="files"/> (see <see cref="Expand"/>) in order; <paramref name="onFile"/> runs after each.</summary>
    public void Run(IReadOnlyList<(string Path, long Size)> files, Action<string, long>? onFile = null)
    {
        foreach (var (path, size) in files)
        {
            if (path != "-")
            {
                var print = Fingerprint(path, size);
                if (_writer.GetSourceStatus(path, size, print) == SourceStatus.Complete)
                {
                    SkippedFiles++;
                    onFile?.Invoke(path, size);
                    continue;
                }
                Pipeline.RunSource(path);
                _writer.CompleteSource(path, size, print);
            }
            else Pipeline.RunSource(path);
            onFile?.Invoke(path, size);
        }
        Pipeline.Complete();
    }

    /// <summary>Where the time went, for benchmarks: wall time per stage, as far as the pipeline tells them apart.</summary>
    public string StageTimes() => $"pipeline {Pipeline.Stats.Elapsed.TotalSeconds:F2} s";

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
        try { _writer.Dispose(); }
        finally { Pipeline.Dispose(); }
    }
}
