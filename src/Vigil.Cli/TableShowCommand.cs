using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Vigil.Events;
using Vigil.Tables;
using TableRow = Vigil.Tables.TableRow;

namespace Vigil.Cli;

/// <summary>
/// <c>vigil table show NAME [--where COLUMN=VALUE]… [--limit N] [--format table|csv|json]</c>: the rows of a list,
/// least recently written first. Shows what is stored: expiry (TTL) runs on event time during a pipeline run,
/// so rows past their TTL are shown until a run purges them.
/// </summary>
internal static class TableShowCommand
{
    private const int DefaultTableLimit = 100;

    public static Command Create()
    {
        var name = TableCommands.NameArgument();
        var kb = KnowledgeBaseOptions.Create("Knowledge-base folder(s) whose table.tl files declare the lists (default: Vigil's own content pack)");
        var tables = TableCommands.TablesOption();
        var where = new Option<string[]>("--where") { Description = "Only rows whose COLUMN equals VALUE (COLUMN= for null); repeat to require several", AllowMultipleArgumentsPerToken = false };
        var limit = new Option<int?>("--limit") { Description = $"Show at most N rows (default: {DefaultTableLimit} in the table format, all otherwise)" };
        var format = new Option<string>("--format") { Description = "table (default), csv (as export writes it) or json (JSON lines)", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var cmd = new Command("show", "Show the rows of a tabular list") { name, kb, tables, where, limit, format };
        cmd.SetAction(p => TableCommands.Run(() => Execute(p.GetValue(name)!, p.GetValue(kb), p.GetValue(tables)!, p.GetValue(where) ?? [], p.GetValue(limit), p.GetValue(format)!)));
        return cmd;
    }

    private static int Execute(string name, string[]? kbPaths, string directory, string[] where, int? limit, string format)
    {
        if (limit < 0) return TableCommands.Usage("show", "--limit cannot be negative");
        var kb = KnowledgeBaseOptions.LoadOrReport(kbPaths);
        if (kb is null) return ExitCodes.Errors;
        var schema = TableCommands.FindSchema(kb, name);
        if (schema is null) return ExitCodes.Errors;
        var filters = new List<(int Column, Value Value)>();
        foreach (var w in where)
        {
            if (!TryFilter(schema, w, out var filter, out var error)) return TableCommands.Usage("show", error);
            filters.Add(filter);
        }

        using var set = TableCommands.Open(schema, directory, readOnly: true);
        var data = set.Tables[name];
        var matching = data.Store.Rows.Where(r => filters.All(f => r[f.Column].SameAs(f.Value))).ToList();
        int shown = Math.Min(matching.Count, limit ?? (format == "table" ? DefaultTableLimit : int.MaxValue));
        var rows = matching.Take(shown);
        switch (format)
        {
            case "csv":
                using (var stdout = Console.OpenStandardOutput()) TableCsv.Export(schema, rows, stdout);
                break;
            case "json":
                WriteJsonLines(schema, rows);
                break;
            default:
                TableCommands.FitOutput();
                RenderTable(schema, rows);
                string note = set.CreatedLists.Count > 0 ? " — not stored yet: these are its defaults, stored when a pipeline or a writing command first opens it" : "";
                AnsiConsole.WriteLine($"{shown:N0} of {matching.Count:N0} row(s) of {name}{note}");
                break;
        }
        return ExitCodes.Ok;
    }

    /// <summary><c>COLUMN=VALUE</c> → the column and the value in its canonical type (a Regex column compares its text).</summary>
    private static bool TryFilter(Vigil.Tables.TableSchema schema, string text, out (int, Value) filter, out string error)
    {
        filter = default;
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            error = $"--where takes COLUMN=VALUE, not '{text}'";
            return false;
        }
        string column = text[..eq];
        if (!schema.TryGetColumn(column, out var col))
        {
            error = $"'{column}' is not a column of '{schema.Name}' (its columns: {string.Join(", ", schema.Columns.Select(c => c.Name))})";
            return false;
        }
        string raw = text[(eq + 1)..];
        var type = col.Type == ColumnType.Regex ? ColumnType.String : col.Type;
        if (!ColumnValues.TryConvert(type, raw.Length == 0 ? Value.Null : Value.String(raw), out var value, out var convError))
        {
            error = $"--where {column}: {convError}";
            return false;
        }
        filter = (col.Ordinal, value);
        error = "";
        return true;
    }

    private static void RenderTable(Vigil.Tables.TableSchema schema, IEnumerable<TableRow> rows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in schema.Columns)
        {
            var column = new Spectre.Console.TableColumn(new Text(c.Name, new Style(decoration: Decoration.Bold)));
            if (c.Type == ColumnType.Number) column.RightAligned();
            table.AddColumn(column);
        }
        foreach (var row in rows)
        {
            var cells = new Text[row.ColumnCount];
            for (int c = 0; c < cells.Length; c++)
                cells[c] = TableCsv.CellText(row[c]) is { } t ? new Text(HuntTable.Shorten(t)) : new Text("null", new Style(Color.Grey));
            table.AddRow(cells);
        }
        AnsiConsole.Write(table);
    }

    private static void WriteJsonLines(Vigil.Tables.TableSchema schema, IEnumerable<TableRow> rows)
    {
        using var stdout = Console.OpenStandardOutput();
        var options = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        foreach (var row in rows)
        {
            using (var json = new Utf8JsonWriter(stdout, options))
            {
                json.WriteStartObject();
                foreach (var c in schema.Columns)
                {
                    var v = row[c.Ordinal];
                    json.WritePropertyName(c.Name);
                    switch (v.Kind)
                    {
                        case ValueKind.Null: json.WriteNullValue(); break;
                        case ValueKind.Number: json.WriteNumberValue(v.AsNumber); break;
                        case ValueKind.Double: json.WriteNumberValue(v.AsDouble); break;
                        default: json.WriteStringValue(TableCsv.CellText(v)); break;
                    }
                }
                json.WriteEndObject();
            }
            stdout.Write("\n"u8);
        }
    }
}
