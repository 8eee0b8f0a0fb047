using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vigil.Tables;
using Vigil.Tables.Persistence;

namespace Vigil.Cli;

/// <summary><c>vigil table list</c>: every list of the knowledge base with its stored row count, fill type, TTL and columns.</summary>
internal static class TableListCommand
{
    public static Command Create()
    {
        var kb = KnowledgeBaseOptions.Create("Knowledge-base folder(s) whose table.tl files declare the lists (default: Vigil's own content pack)");
        var tables = TableCommands.TablesOption();
        var cmd = new Command("list", "List the tabular lists: rows stored, fill type, TTL, size limit and columns") { kb, tables };
        cmd.SetAction(p => TableCommands.Run(() => Execute(p.GetValue(kb), p.GetValue(tables)!)));
        return cmd;
    }

    private static int Execute(string[]? kbPaths, string directory)
    {
        var kb = KnowledgeBaseOptions.LoadOrReport(kbPaths);
        if (kb is null) return ExitCodes.Errors;
        using var file = TableStoreFile.Open(directory, new TableStoreOptions { ReadOnly = true });
        var stored = file.Lists().ToDictionary(l => l.Name, StringComparer.Ordinal);

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var h in new[] { "list", "fill", "rows", "stored", "ttl", "max size", "columns" })
            table.AddColumn(new Spectre.Console.TableColumn(new Text(h, new Style(decoration: Decoration.Bold))));
        table.Columns[2].RightAligned();
        var incompatible = new List<string>();
        bool anyNew = false;
        foreach (var schema in kb.TableSchemas.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            long rows;
            string state;
            if (!stored.Remove(schema.Name, out var list))
            {
                rows = schema.Defaults.Length;
                state = "not yet: defaults";
                anyNew = true;
            }
            else if (list.Layout != TableLayout.Describe(schema))
            {
                rows = list.RowCount;
                state = "OTHER COLUMNS";
                incompatible.Add($"{schema.Name} is stored with [{list.Layout}], its schema declares [{TableLayout.Describe(schema)}]");
            }
            else
            {
                rows = list.RowCount;
                state = "yes";
            }
            table.AddRow(
                new Text(schema.Name),
                new Text(schema.FillType.ToString()),
                new Text(rows.ToString("N0", CultureInfo.InvariantCulture)),
                new Text(state, new Style(state == "OTHER COLUMNS" ? Color.Red : Color.Default)),
                new Text(schema.TtlSeconds > 0 ? Duration(schema.TtlSeconds) : "none"),
                new Text(schema.MaxSize > 0 ? schema.MaxSize.ToString("N0", CultureInfo.InvariantCulture) : "none"),
                new Text(Columns(schema)));
        }
        TableCommands.FitOutput();
        AnsiConsole.Write(table);

        string where = file.Exists ? file.FilePath : $"{file.Directory} (no store yet)";
        AnsiConsole.WriteLine($"{kb.TableSchemas.Count:N0} list(s) in the knowledge base; store: {where}");
        if (anyNew) AnsiConsole.WriteLine("stored 'not yet': the list gets its defaults (the rows counted) when a run or a writing command first opens it");
        // Lists the knowledge base no longer declares are kept (a schema may come back), but said.
        foreach (var orphan in stored.Values)
            AnsiConsole.WriteLine($"stored but not in the knowledge base: {orphan.Name} ({orphan.RowCount:N0} row(s); {orphan.Layout})");
        foreach (var line in incompatible) AnsiConsole.WriteLine(line);
        if (incompatible.Count > 0)
            AnsiConsole.WriteLine("a list stored with other columns is not opened until it is reset: vigil table clear NAME --reset");
        return ExitCodes.Ok;
    }

    /// <summary><c>user String (key), count Number</c>.</summary>
    internal static string Columns(TableSchema schema) =>
        string.Join(", ", schema.Columns.Select(c => $"{c.Name} {c.Type}{(schema.IsKeyColumn[c.Ordinal] ? " (key)" : "")}"));

    private static string Duration(long seconds)
    {
        var t = TimeSpan.FromSeconds(seconds);
        return t.TotalDays >= 1 && t.TotalDays == Math.Floor(t.TotalDays) ? $"{t.TotalDays:0}d"
            : t.TotalHours >= 1 && t.TotalHours == Math.Floor(t.TotalHours) ? $"{t.TotalHours:0}h"
            : t.TotalMinutes >= 1 && t.TotalMinutes == Math.Floor(t.TotalMinutes) ? $"{t.TotalMinutes:0}m"
            : $"{seconds}s";
    }
}
