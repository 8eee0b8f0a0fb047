using System.CommandLine;
using Spectre.Console;
using Vigil.Events;
using Vigil.Pipeline;
using Vigil.Storage;

namespace Vigil.Cli;

/// <summary>
/// <c>vigil demo</c>: the main job on bundled data — ingest the WMI lateral-movement recording into the event
/// store, run Vigil's content over it (alerts), and show the lateral-movement hunt; then say how to continue.
/// </summary>
internal static class DemoCommand
{
    public const string Sample = "empire_wmi_dcerpc_wmi_IWbemServices_ExecMethod.zip";

    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "Event store file to fill", DefaultValueFactory = _ => EventStore.DefaultPath };
        var cmd = new Command("demo", "Ingest the bundled WMI lateral-movement recording, print Vigil's alerts and the lateral-movement hunt") { db };
        cmd.SetAction(p => Run(p.GetValue(db)!));
        return cmd;
    }

    private static string? Find(string relative)
    {
        foreach (var root in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            var p = Path.Combine(root, relative);
            if (File.Exists(p)) return p;
        }
        return null;
    }

    private static int Run(string db)
    {
        var console = AnsiConsole.Console;
        // Piped output (CI logs, `| less`) has no terminal width; give the tables room rather than 80 columns.
        if (Console.IsOutputRedirected) console.Profile.Width = Math.Max(console.Profile.Width, 160);
        var sample = Find(Path.Combine("samples", Sample));
        var query = Find(Path.Combine("queries", "lateral_movement.sql"));
        if (sample is null || query is null)
        {
            Console.Error.WriteLine("vigil: the bundled sample or query is missing (samples/, queries/)");
            return ExitCodes.Errors;
        }
        console.Write(new Rule("[bold]Vigil demo[/]: WMI lateral movement (OTRF Security-Datasets, MIT)").LeftJustified());
        console.MarkupLineInterpolated($"1. Ingesting [blue]{Path.GetFileName(sample)}[/] into [blue]{db}[/] with Vigil's content pack…");
        int rc = IngestCommand.Run([sample], db, null, stats: false, correlate: true, batch: 50_000, quiet: false);
        if (rc != ExitCodes.Ok) return rc;

        console.MarkupLine("\n2. [bold]Alerts[/] (correlation rules over the recording, stored with the events):");
        using (var hunt = HuntQuery.Open(db))
        {
            var alerts = hunt.Run(
                """
                SELECT strftime(time, '%Y-%m-%d %H:%M:%S') AS time, correlation_name AS rule, subject_account_name AS "user",
                       src_ip AS source_ip, event_src_hostname AS host, object_process_parent_name AS parent, object_process_name AS process
                FROM ev WHERE correlation_name IS NOT NULL ORDER BY time
                """, 100);
            HuntTable.Render(alerts);

            console.MarkupLine("\n3. [bold]Hunt[/]: network logons joined to processes started in the same logon session ([blue]queries/lateral_movement.sql[/]):");
            var result = hunt.Run(
                $"""
                SELECT strftime(logon_time, '%H:%M:%S') AS logon, source_ip, host, "user",
                       strftime(process_time, '%H:%M:%S') AS started, parent, process
                FROM ({File.ReadAllText(query).TrimEnd().TrimEnd(';')})
                """, 100);
            HuntTable.Render(result);
        }
        console.MarkupLine("\nNext: hunt on your own —");
        console.MarkupLineInterpolated($"  [green]./vigil hunt --db {db} -f queries/lateral_movement.sql[/]");
        console.MarkupLineInterpolated($"  [green]./vigil hunt --db {db} \"SELECT event_src_title, msgid, count(*) AS n FROM ev GROUP BY ALL ORDER BY n DESC LIMIT 10\"[/]");
        console.MarkupLine("  [green]./vigil ingest PATH --db FILE[/] to add more recordings (zip, tar.gz, JSON lines, folders)");
        return ExitCodes.Ok;
    }
}
