using System.Diagnostics;
using Vigil.KnowledgeBase;
using Vigil.Normalization.Inputs;
using Vigil.Pipeline;
using Vigil.Storage;

namespace Vigil.Bench.Throughput;

/// <summary>
/// `throughput ingest`: every archive of Security-Datasets into a fresh DuckDB file through <see cref="StoreIngestion"/>
/// (the code path of `vigil ingest`), beside a floor measured in the same run (read + decompress + split lines of the
/// same files), then the per-archive accounting check, a re-ingest (must add nothing) and queries/lateral_movement.sql.
/// One ingest takes tens of seconds, so it runs <see cref="Runs"/> times (not <see cref="Measure.Runs"/>).
/// </summary>
internal static class IngestWorkload
{
    public static int Runs { get; set; } = 3;

    public static void Run(string datasets, CompiledKnowledgeBase kb, string repo, int batch)
    {
        Console.WriteLine($"\n## Ingest: all of {Path.GetFileName(datasets)} → fresh DuckDB store (vigil ingest path), Vigil's content, batch {batch:N0}");
        var files = StoreIngestion.Expand([datasets]);
        Console.WriteLine($"  {files.Count} files, {files.Sum(f => f.Size) / 1e6:N0} MB on disk");

        // Floor: the same reader code, framing lines and nothing else.
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        long bytes = 0;
        var floor = Measure.Rate("floor: read + decompress + split lines", () =>
        {
            long lines = 0;
            bytes = 0;
            expected.Clear();
            foreach (var (path, _) in files)
            {
                long n = 0;
                foreach (var r in InputSource.Read(path))
                {
                    if (r.Kind == RawRecordKind.SourceError) continue;
                    if (r.Kind == RawRecordKind.Data && r.Bytes.Span.Trim(" \t\r\n"u8).IsEmpty) continue; // blank: not an event
                    bytes += r.Bytes.Length;
                    n++;
                }
                expected[path] = n;
                lines += n;
            }
            return lines;
        });
        Console.WriteLine($"  => {floor.Items:N0} lines, {bytes / 1e6:N0} MB uncompressed, {bytes / 1e6 * floor.Rate / floor.Items:N0} MB/s");

        string dir = Path.Combine(Path.GetTempPath(), "vigil-bench-ingest-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            var rates = new List<double>();
            string db = "";
            long events = 0, rss = 0;
            string stages = "";
            for (int run = 0; run < Runs; run++)
            {
                db = Path.Combine(dir, $"run{run}.duckdb");
                GC.Collect();
                ResetPeakRss();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                TimeSpan closeTime;
                using (var store = EventStore.Open(db, kb.Taxonomy, EventStore.IngestMemoryLimit))
                {
                    using (var ingestion = new StoreIngestion(kb, store, new EventStoreWriterOptions { BatchSize = batch }))
                    {
                        ingestion.Run(files);
                        events = ingestion.Pipeline.Stats.Input;
                        if (run == 0) Console.WriteLine($"  store columns laid out before the run: {ingestion.PrecreatedColumns} fields the knowledge base can set");
                        stages = ingestion.StageTimes();
                    }
                    var closing = Stopwatch.StartNew();
                    store.Dispose(); // checkpoints what is still in the WAL: part of the ingest
                    closeTime = closing.Elapsed;
                }
                sw.Stop();
                cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                rss = PeakRssBytes();
                rates.Add(events / sw.Elapsed.TotalSeconds);
                Console.WriteLine($"  run {run + 1}: {events:N0} events in {sw.Elapsed.TotalSeconds:F2} s = {events / sw.Elapsed.TotalSeconds:N0} events/s (closing {closeTime.TotalSeconds:F2} s); CPU {cpu.TotalSeconds:F1} s ({cpu.TotalMicroseconds / events:F0} µs/event); peak RSS {rss / 1048576.0:N0} MiB; {stages}");
                if (run < Runs - 1) File.Delete(db);
            }
            rates.Sort();
            double median = rates[rates.Count / 2];
            Console.WriteLine($"  {"vigil ingest (median)",-44} {median,14:N0} /s   (runs: {string.Join(" ", rates.Select(r => r.ToString("N0")))})");
            Console.WriteLine($"  => {median:N0} events/s = {100 * median / floor.Rate:F0}% of the floor; store file {new FileInfo(db).Length / 1048576.0:N0} MiB");

            CheckAccounting(db, expected);
            Reingest(db, kb, files, batch);
            LateralMovement(db, Path.Combine(repo, "queries", "lateral_movement.sql"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Per file: rows stored (events + rejects) must equal the non-blank lines the floor counted; keys must be unique.</summary>
    private static void CheckAccounting(string db, Dictionary<string, long> expected)
    {
        using var q = HuntQuery.Open(db);
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        var rows = q.Run("""
            SELECT split_part(source, '!', 1) AS file, count(*) FROM (
              SELECT source FROM events_data UNION ALL SELECT source FROM rejects WHERE reason NOT LIKE 'corrupt%' AND reason NOT LIKE 'truncated%')
            GROUP BY ALL
            """).Rows;
        foreach (var r in rows) stored[(string)r[0]!] = Convert.ToInt64(r[1]);
        var bad = expected.Where(kv => stored.GetValueOrDefault(kv.Key) != kv.Value).Select(kv => $"{Path.GetFileName(kv.Key)}: {stored.GetValueOrDefault(kv.Key)} stored, {kv.Value} lines").ToList();
        long dupKeys = Convert.ToInt64(q.Run("SELECT count(*) - count(DISTINCT event_key) FROM events_data").Rows[0][0]);
        Console.WriteLine(bad.Count == 0 && dupKeys == 0
            ? $"  accounting: OK — every one of {expected.Count} files: stored rows = lines ({expected.Values.Sum():N0}); no duplicate keys"
            : $"  accounting: FAILED — {bad.Count} file(s) differ, {dupKeys} duplicate keys: {string.Join("; ", bad.Take(5))}");
    }

    private static void Reingest(string db, CompiledKnowledgeBase kb, List<(string Path, long Size)> files, int batch)
    {
        var sw = Stopwatch.StartNew();
        long before, after, input, skipped;
        using (var store = EventStore.Open(db, kb.Taxonomy, EventStore.IngestMemoryLimit))
        {
            before = store.CountEvents() + store.CountRejects();
            using (var ingestion = new StoreIngestion(kb, store, new EventStoreWriterOptions { BatchSize = batch }))
            {
                ingestion.Run(files);
                input = ingestion.Pipeline.Stats.Input;
                skipped = ingestion.SkippedFiles;
            }
            after = store.CountEvents() + store.CountRejects();
        }
        Console.WriteLine($"  re-ingest: {skipped} of {files.Count} files skipped as complete, {input:N0} lines read, {after - before:N0} rows added ({sw.Elapsed.TotalSeconds:F2} s)");
    }

    private static void LateralMovement(string db, string sqlFile)
    {
        var sql = File.ReadAllText(sqlFile);
        var times = new List<double>();
        long rows = 0;
        double first;
        var open = Stopwatch.StartNew();
        using (var q = HuntQuery.Open(db))
        {
            var r0 = q.Run(sql);
            first = open.Elapsed.TotalMilliseconds;
            rows = r0.TotalRows;
            for (int i = 0; i < 5; i++)
            {
                var sw = Stopwatch.StartNew();
                rows = q.Run(sql).TotalRows;
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
        }
        times.Sort();
        Console.WriteLine($"  lateral_movement.sql: median {times[times.Count / 2]:F0} ms (runs: {string.Join(" ", times.Select(t => t.ToString("F0")))}; first, with opening the store: {first:F0} ms), {rows:N0} rows");
    }

    // Linux: writing 5 to clear_refs resets VmHWM, so each run reports its own peak.
    private static void ResetPeakRss()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static long PeakRssBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        return Environment.WorkingSet;
    }
}
