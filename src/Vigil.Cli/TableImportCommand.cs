using System.CommandLine;
using Vigil.Tables;

namespace Vigil.Cli;

/// <summary>
/// <c>vigil table import NAME FILE.csv</c>: upserts the CSV's rows into a list (header row = column names, typed by
/// the schema). Bad rows are reported as FILE:LINE: reason and skipped, good rows imported; exit 1 if any was bad.
/// </summary>
internal static class TableImportCommand
{
    public static Command Create()
    {
        var name = TableCommands.NameArgument();
        var file = new Argument<string>("file") { Description = "The CSV file (- for standard input), as 'vigil table export' writes it" };
        var kb = KnowledgeBaseOptions.Create("Knowledge-base folder(s) whose table.tl files declare the lists (default: Vigil's own content pack)");
        var tables = TableCommands.TablesOption();
        var cmd = new Command("import", "Upsert rows from a CSV file (header row of column names) into a tabular list") { name, file, kb, tables };
        cmd.SetAction(p => TableCommands.Run(() => Execute(p.GetValue(name)!, p.GetValue(file)!, p.GetValue(kb), p.GetValue(tables)!)));
        return cmd;
    }

    private static int Execute(string name, string path, string[]? kbPaths, string directory)
    {
        var kb = KnowledgeBaseOptions.LoadOrReport(kbPaths);
        if (kb is null) return ExitCodes.Errors;
        var schema = TableCommands.FindSchema(kb, name);
        if (schema is null) return ExitCodes.Errors;
        if (path != "-" && !File.Exists(path))
        {
            Console.Error.WriteLine($"vigil table: '{path}' does not exist");
            return ExitCodes.Errors;
        }

        using var set = TableCommands.Open(schema, directory, readOnly: false);
        using var input = path == "-" ? Console.OpenStandardInput() : File.OpenRead(path);
        TableImportResult result;
        try
        {
            // Rows are stamped with the wall clock, the CLI's "now"; a TTL list expires them from there.
            result = TableCsv.Import(set.Tables[name], input, DateTime.UtcNow.Ticks);
        }
        catch (TableCsvException ex)
        {
            Console.Error.WriteLine($"{path}:{ex.Line}: {ex.Message}; nothing imported");
            return ExitCodes.Errors;
        }
        set.Flush();

        foreach (var e in result.Errors) Console.Error.WriteLine($"{path}:{e.Line}: {e.Message}");
        string evicted = result.Evicted > 0 ? $"; {result.Evicted:N0} older row(s) evicted (maxSize {schema.MaxSize:N0})" : "";
        Console.WriteLine($"imported {result.Imported:N0} row(s) into {name} ({result.Inserted:N0} new, {result.Updated:N0} updated){evicted}");
        if (result.Errors.Count == 0) return ExitCodes.Ok;
        Console.Error.WriteLine($"vigil table: {result.Errors.Count:N0} bad row(s) not imported");
        return ExitCodes.Errors;
    }
}
