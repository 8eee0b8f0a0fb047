using System.CommandLine;
using Vigil.Tables;

namespace Vigil.Cli;

/// <summary><c>vigil table export NAME [--output FILE]</c>: a list as CSV, least recently written first; imports back as it was.</summary>
internal static class TableExportCommand
{
    public static Command Create()
    {
        var name = TableCommands.NameArgument();
        var kb = KnowledgeBaseOptions.Create("Knowledge-base folder(s) whose table.tl files declare the lists (default: Vigil's own content pack)");
        var tables = TableCommands.TablesOption();
        var output = new Option<string?>("--output", "-o") { Description = "Write the CSV to this file instead of standard output" };
        var cmd = new Command("export", "Write a tabular list as CSV (header row of column names), for 'vigil table import'") { name, kb, tables, output };
        cmd.SetAction(p => TableCommands.Run(() => Execute(p.GetValue(name)!, p.GetValue(kb), p.GetValue(tables)!, p.GetValue(output))));
        return cmd;
    }

    private static int Execute(string name, string[]? kbPaths, string directory, string? output)
    {
        var kb = KnowledgeBaseOptions.LoadOrReport(kbPaths);
        if (kb is null) return ExitCodes.Errors;
        var schema = TableCommands.FindSchema(kb, name);
        if (schema is null) return ExitCodes.Errors;
        using var set = TableCommands.Open(schema, directory, readOnly: true);
        var data = set.Tables[name];
        using var stream = output is null ? Console.OpenStandardOutput() : File.Create(output);
        long rows = TableCsv.Export(schema, data.Store.Rows, stream);
        // The count goes to stderr: stdout may be the CSV itself.
        if (output is not null) Console.Error.WriteLine($"wrote {rows:N0} row(s) of {name} to {output}");
        return ExitCodes.Ok;
    }
}
