using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Vigil.Storage;

namespace Vigil.Cli;

/// <summary>
/// <c>vigil hunt [--db FILE] [--format table|csv|json|parquet] [--output FILE] (SQL | -f FILE)</c>:
/// runs SQL read-only against the event store.
/// </summary>
internal static class HuntCommand
{
    public static Command Create()
    {
        var sql = new Argument<string?>("sql") { Description = "The SQL to run (or use -f FILE)", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<string?>("--file", "-f") { Description = "Read the SQL from a file; several statements may be given, the last one's result is shown" };
        var db = new Option<string>("--db") { Description = "The event store", DefaultValueFactory = _ => EventStore.DefaultPath };
        var format = new Option<string?>("--format") { Description = "table (default on a terminal), csv (default otherwise), json (JSON lines) or parquet (needs --output)" };
        format.AcceptOnlyFromAmong("table", "csv", "json", "parquet");
        var output = new Option<string?>("--output", "-o") { Description = "Write the result to this file instead of standard output" };
        var maxRows = new Option<int>("--max-rows") { Description = "Rows shown by the table format (all rows are counted)", DefaultValueFactory = _ => 200 };
        var cmd = new Command("hunt", "Run SQL against the event store (read-only): tables events, ev (snake_case names), rejects, sources, ingests")
        {
            sql, file, db, format, output, maxRows,
        };
        cmd.SetAction(parse => Run(parse.GetValue(db)!, parse.GetValue(format), parse.GetValue(output), parse.GetValue(sql), parse.GetValue(file), parse.GetValue(maxRows)));
        return cmd;
    }

    private static int Run(string db, string? format, string? output, string? sql, string? file, int maxRows)
    {
        if ((sql is null) == (file is null)) return Usage("give the SQL either as an argument or with -f FILE");
        format ??= output is not null ? FormatFromExtension(output) : Console.IsOutputRedirected ? "csv" : "table";
        if (format == "parquet" && output is null) return Usage("--format parquet needs --output FILE");
        if (format == "table" && output is not null) return Usage("the table format is for the terminal; use --format csv, json or parquet with --output");
        if (maxRows < 0) return Usage("--max-rows cannot be negative");

        try
        {
            string text = file is not null ? HuntQuery.ReadSqlFile(file) : sql!;
            using var hunt = HuntQuery.Open(db);
            var sw = Stopwatch.StartNew();
            switch (format)
            {
                case "table":
                    HuntTable.Render(hunt.Run(text, maxRows));
                    return ExitCodes.Ok;
                case "parquet":
                    long written = hunt.CopyToParquet(text, output!);
                    Report(written, output!, sw);
                    return ExitCodes.Ok;
                default:
                    using (var cursor = hunt.Execute(text))
                    using (var stream = output is null ? Console.OpenStandardOutput() : File.Create(output))
                    {
                        long rows = format == "json"
                            ? HuntOutput.WriteJsonLines(cursor, stream)
                            : WriteCsv(cursor, stream);
                        if (output is not null) Report(rows, output, sw);
                    }
                    return ExitCodes.Ok;
            }
        }
        catch (EventStoreException ex)
        {
            Console.Error.WriteLine($"vigil: {ex.Message}");
            return ExitCodes.Errors;
        }
    }

    private static long WriteCsv(HuntCursor cursor, Stream stream)
    {
        using var w = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
        return HuntOutput.WriteCsv(cursor, w);
    }

    private static string FormatFromExtension(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".parquet" => "parquet",
        ".json" or ".jsonl" or ".ndjson" => "json",
        _ => "csv",
    };

    // Stdout carries only the data; the summary goes to stderr so it never ends up inside a CSV or JSON file.
    private static void Report(long rows, string output, Stopwatch sw) =>
        Console.Error.WriteLine($"wrote {rows:N0} row(s) to {output} in {sw.Elapsed.TotalMilliseconds:N0} ms");

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"vigil hunt: {message}");
        Console.Error.WriteLine("Run 'vigil hunt --help' for usage.");
        return ExitCodes.Usage;
    }
}
