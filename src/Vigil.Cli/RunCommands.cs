using System.CommandLine;
using Vigil.Correlation;
using Vigil.Events;
using Vigil.Pipeline;
using Vigil.Tables.Persistence;

namespace Vigil.Cli;

/// <summary><c>vigil normalize</c>, <c>vigil run</c> and <c>vigil correlate</c>: the pipeline from the command line.</summary>
internal static class RunCommands
{
    private static Option<string[]> InputOption() => new("--input", "-i")
    {
        Description = "Input file(s), folder(s), .zip/.tar.gz archives, or - for stdin (default: stdin)",
        AllowMultipleArgumentsPerToken = true,
    };

    private static Option<string?> OutputOption() => new("--output", "-o") { Description = "Write events to this file instead of stdout" };
    // The single-threaded engine is the default: on this project's 2-core machines the pipeline's own thread is
    // busy normalizing, and sharding pays off only when correlation dominates. --shards N opts in.
    private static Option<int> ShardsOption() => new("--shards")
    {
        Description = "Correlation worker threads (router → N workers by rule and key); 0 = correlate on the pipeline thread",
        DefaultValueFactory = _ => 0,
    };

    private static Option<bool> StatsOption() => new("--stats") { Description = "Print counts per formula/rule, unmatched, rejected and events/s to stderr" };
    private static Option<string?> RejectsOption() => new("--rejects") { Description = "Write rejected events with their reasons (JSON lines) to this file" };
    private static Option<string?> UnmatchedOption() => new("--unmatched") { Description = "Write events no formula normalized, with their raw text (JSON lines), to this file" };
    // Opt-in: without it a run starts every list from its defaults and keeps nothing, as tests and one-off runs want.
    private static Option<string?> TablesOption() => new("--tables") { Description = "Keep tabular lists in this table store folder across runs (default: in memory, from the lists' defaults)" };

    public static Command Normalize()
    {
        var kb = KnowledgeBaseOptions.Create();
        var input = InputOption();
        var output = OutputOption();
        var stats = StatsOption();
        var rejects = RejectsOption();
        var unmatched = UnmatchedOption();
        var cmd = new Command("normalize", "Normalize raw events (text lines, JSON, Windows events) into taxonomy events, written as JSON lines")
        {
            kb, input, output, stats, rejects, unmatched,
        };
        cmd.SetAction(p => Execute(p.GetValue(kb), p.GetValue(input), p.GetValue(output), p.GetValue(stats), p.GetValue(rejects), p.GetValue(unmatched), correlate: false, TimeSpan.Zero));
        return cmd;
    }

    public static Command Run()
    {
        var kb = KnowledgeBaseOptions.Create();
        var input = InputOption();
        var output = OutputOption();
        var stats = StatsOption();
        var rejects = RejectsOption();
        var unmatched = UnmatchedOption();
        var lateness = new Option<int>("--lateness") { Description = "Seconds events may arrive out of time order and still correlate in order", DefaultValueFactory = _ => 300 };
        var tables = TablesOption();
        var shards = ShardsOption();
        var cmd = new Command("run", "Run the whole pipeline: raw → normalize → enrich → correlate; writes correlation events as JSON lines")
        {
            kb, input, output, stats, rejects, unmatched, lateness, tables, shards,
        };
        cmd.SetAction(p => Execute(p.GetValue(kb), p.GetValue(input), p.GetValue(output), p.GetValue(stats), p.GetValue(rejects), p.GetValue(unmatched), correlate: true, TimeSpan.FromSeconds(p.GetValue(lateness)), p.GetValue(tables), p.GetValue(shards)));
        return cmd;
    }

    private static int Execute(string[]? kbPaths, string[]? inputs, string? output, bool stats, string? rejects, string? unmatched, bool correlate, TimeSpan lateness, string? tables = null, int shards = 0)
    {
        var kb = KnowledgeBaseOptions.LoadOrReport(kbPaths);
        if (kb is null) return ExitCodes.Errors;
        inputs = inputs is { Length: > 0 } ? inputs : ["-"];
        foreach (var i in inputs)
        {
            if (i != "-" && !File.Exists(i) && !Directory.Exists(i))
            {
                Console.Error.WriteLine($"vigil: input '{i}' does not exist");
                return ExitCodes.Errors;
            }
        }
        using var stream = output is null ? Console.OpenStandardOutput() : File.Create(output);
        using var sink = new JsonLinesSink(stream, normalized: !correlate, correlations: correlate, unmatched, rejects,
            lineBuffered: output is null && !Console.IsOutputRedirected);
        return WithTables(() =>
        {
            using var pipeline = new EventPipeline(kb, new PipelineOptions { Correlate = correlate, Lateness = lateness, TablesDirectory = tables, Shards = shards }, sink);
            pipeline.Run(inputs);
            if (stats) StatsPrinter.Print(pipeline, correlate);
            return ExitCodes.Ok;
        });
    }

    /// <summary>A table store that cannot be opened or written (locked, other columns, disk) ends the run with its message.</summary>
    private static int WithTables(Func<int> run)
    {
        try
        {
            return run();
        }
        catch (TableStoreException ex)
        {
            Console.Error.WriteLine($"vigil: {ex.Message}");
            return ExitCodes.Errors;
        }
    }

    public static Command Correlate()
    {
        var kb = KnowledgeBaseOptions.Create();
        var input = InputOption();
        var output = OutputOption();
        var stats = StatsOption();
        var lateness = new Option<int>("--lateness") { Description = "Seconds events may arrive out of time order", DefaultValueFactory = _ => 300 };
        var tables = TablesOption();
        var shards = ShardsOption();
        var cmd = new Command("correlate", "Correlate normalized events (JSON lines, as `vigil normalize` writes them); writes correlation events")
        {
            kb, input, output, stats, lateness, tables, shards,
        };
        cmd.SetAction(p => WithTables(() =>
        {
            var compiled = KnowledgeBaseOptions.LoadOrReport(p.GetValue(kb));
            if (compiled is null) return ExitCodes.Errors;
            var inputs = p.GetValue(input) is { Length: > 0 } i ? i : ["-"];
            using var stream = p.GetValue(output) is { } o ? File.Create(o) : Console.OpenStandardOutput();
            using var sink = new JsonLinesSink(stream, normalized: false, correlations: true, lineBuffered: p.GetValue(output) is null && !Console.IsOutputRedirected);
            using var pipeline = new EventPipeline(compiled, new PipelineOptions { Correlate = true, Lateness = TimeSpan.FromSeconds(p.GetValue(lateness)), TablesDirectory = p.GetValue(tables), Shards = p.GetValue(shards) }, sink);
            long bad = 0;
            var e = new NormalizedEvent(compiled.Taxonomy);
            foreach (var path in inputs)
            {
                using var reader = path == "-" ? new StreamReader(Console.OpenStandardInput()) : new StreamReader(path);
                long lineNo = 0;
                while (reader.ReadLine() is { } line)
                {
                    lineNo++;
                    if (string.IsNullOrWhiteSpace(line)) continue;
                    try
                    {
                        using var doc = System.Text.Json.JsonDocument.Parse(line);
                        e.Clear();
                        EventJson.ReadInto(doc.RootElement, e);
                    }
                    catch (System.Text.Json.JsonException ex)
                    {
                        bad++;
                        Console.Error.WriteLine($"{path}:{lineNo}: not a JSON event ({ex.Message}); skipped");
                        continue;
                    }
                    pipeline.ProcessNormalized(e);
                }
            }
            pipeline.Complete();
            if (p.GetValue(stats)) StatsPrinter.Print(pipeline, correlation: true);
            return bad > 0 ? ExitCodes.Errors : ExitCodes.Ok;
        }));
        return cmd;
    }
}
