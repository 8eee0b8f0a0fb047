using System.CommandLine;
using System.Diagnostics;
using Vigil.Storage;

namespace Vigil.Cli;

/// <summary><c>vigil export [--db FILE] --parquet DIR [--overwrite]</c>: the store's events as Hive-partitioned Parquet.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "The event store", DefaultValueFactory = _ => EventStore.DefaultPath };
        var parquet = new Option<string>("--parquet") { Description = "Folder to write date=YYYY-MM-DD/event_src=…/*.parquet under", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace what the folder holds (refused otherwise)" };
        var cmd = new Command("export", "Export events to Parquet partitioned by date and event source (snake_case column names)") { db, parquet, overwrite };
        cmd.SetAction(parse => Run(parse.GetValue(db)!, parse.GetValue(parquet)!, parse.GetValue(overwrite)));
        return cmd;
    }

    private static int Run(string db, string directory, bool overwrite)
    {
        try
        {
            var sw = Stopwatch.StartNew();
            long rows = ParquetExport.Export(db, directory, overwrite);
            Console.WriteLine($"exported {rows:N0} event(s) to {directory} (date=…/event_src=…) in {sw.Elapsed.TotalMilliseconds:N0} ms");
            return ExitCodes.Ok;
        }
        catch (EventStoreException ex)
        {
            Console.Error.WriteLine($"vigil: {ex.Message}");
            return ExitCodes.Errors;
        }
    }
}
