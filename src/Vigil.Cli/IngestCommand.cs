using System.CommandLine;
using System.Security.Cryptography;
using Spectre.Console;
using Vigil.KnowledgeBase;
using Vigil.Pipeline;
using Vigil.Storage;

namespace Vigil.Cli;

/// <summary><c>vigil ingest PATH…</c>: normalize raw events into the embedded event store for hunting.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("path") { Description = "Files, folders, .zip/.tar.gz archives of raw events, or - for stdin", Arity = ArgumentArity.OneOrMore };
        var db = new Option<string>("--db") { Description = "Event store file", DefaultValueFactory = _ => EventStore.DefaultPath };
        var kb = KnowledgeBaseOptions.Create("Extra knowledge-base folder(s), loaded after Vigil's own content pack");
        var stats = new Option<bool>("--stats") { Description = "Print counts (normalized, unmatched, rejected by reason) and events/s" };
        var correlate = new Option<bool>("--correlate") { Description = "Also run the correlation rules and store their alerts" };
        var batch = new Option<int>("--batch") { Description = "Rows per store transaction", DefaultValueFactory = _ => 50_000 };
        var cmd = new Command("ingest", "Normalize raw events into the event store (DuckDB) for `vigil hunt`; re-ingesting a file adds no duplicates")
        {
            paths, db, kb, stats, correlate, batch,
        };
        cmd.SetAction(p => Run(p.GetValue(paths)!, p.GetValue(db)!, p.GetValue(kb), p.GetValue(stats), p.GetValue(correlate), p.GetValue(batch)));
        return cmd;
    }

    public static int Run(string[] paths, string db, string[]? extraKb, bool stats, bool correlate, int batch, bool quiet = false)
    {
        foreach (var p in paths)
        {
            if (p != "-" && !File.Exists(p) && !Directory.Exists(p))
            {
                Console.Error.WriteLine($"vigil: input '{p}' does not exist");
                return ExitCodes.Errors;
            }
        }
        var roots = new List<string>();
        if (KnowledgeBaseOptions.DefaultContent() is { } content) roots.Add(content);
        roots.AddRange(extraKb ?? []);
        var kb = KnowledgeBaseOptions.LoadOrReport(roots.ToArray());
        if (kb is null) return ExitCodes.Errors;

        EventStore store;
        try { store = EventStore.Open(db, kb.Taxonomy); }
        catch (EventStoreException ex)
        {
            Console.Error.WriteLine($"vigil: {ex.Message}");
            return ExitCodes.Errors;
        }
        using (store)
        using (var writer = store.CreateWriter(new EventStoreWriterOptions { BatchSize = Math.Max(1, batch) }))
        {
            var sink = new StoreSink(writer);
            using var pipeline = new EventPipeline(kb, new PipelineOptions { Correlate = correlate }, sink);
            var files = Expand(paths);
            long skipped = 0;
            try
            {
                void IngestAll(Action<string, long>? onFile)
                {
                    foreach (var (path, size) in files)
                    {
                        if (path != "-")
                        {
                            var print = Fingerprint(path, size);
                            if (writer.GetSourceStatus(path, size, print) == SourceStatus.Complete)
                            {
                                skipped++;
                                onFile?.Invoke(path, size);
                                continue;
                            }
                            pipeline.RunSource(path);
                            writer.CompleteSource(path, size, print);
                        }
                        else pipeline.RunSource(path);
                        onFile?.Invoke(path, size);
                    }
                    pipeline.Complete();
                }

                long total = files.Sum(f => f.Size);
                if (quiet || Console.IsErrorRedirected || total < 8 << 20) IngestAll(null);
                else
                {
                    var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
                    console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                        .Start(ctx =>
                        {
                            var task = ctx.AddTask("ingesting", maxValue: total);
                            IngestAll((path, size) =>
                            {
                                task.Increment(size);
                                task.Description = $"ingesting ({pipeline.Stats.Input:N0} events)";
                            });
                        });
                }
            }
            catch (EventStoreException ex)
            {
                Console.Error.WriteLine($"vigil: {ex.Message}");
                return ExitCodes.Errors;
            }
            if (stats) StatsPrinter.Print(pipeline, correlate);
            if (!quiet)
            {
                var s = pipeline.Stats;
                Console.Error.WriteLine($"ingested {s.Input:N0} events into {db}: {s.Normalized:N0} normalized, {s.Unmatched:N0} unmatched (kept raw), {s.Rejected:N0} rejected"
                    + (sink.Duplicates > 0 ? $"; {sink.Duplicates:N0} already stored" : "")
                    + (skipped > 0 ? $"; {skipped} file(s) already ingested, skipped" : ""));
            }
        }
        return ExitCodes.Ok;
    }

    /// <summary>Inputs in a stable order: folders expand to their files (sorted), each with its size.</summary>
    private static List<(string Path, long Size)> Expand(string[] paths)
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
}
