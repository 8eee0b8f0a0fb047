using Spectre.Console;
using Spectre.Console.Rendering;
using Vigil.Storage;

namespace Vigil.Cli;

/// <summary>
/// Renders a hunt result for a person at a terminal. A result that fits the width is one table; a wide one
/// (<c>SELECT *</c> has ~330 columns) is shown record by record, column | value, leaving out NULLs — a table
/// squeezed to one character per column would show nothing.
/// </summary>
internal static class HuntTable
{
    private const int MaxCell = 80;
    private const int MinColumnWidth = 10;

    public static void Render(HuntResult result)
    {
        var console = AnsiConsole.Console;
        int width = console.Profile.Width;
        if (result.Columns.Count * MinColumnWidth <= width) RenderTable(console, result);
        else RenderRecords(console, result);

        string shown = result.Truncated ? $" (showing the first {result.Rows.Count:N0}; --max-rows or --format csv for more)" : "";
        console.MarkupLine($"[grey]{result.TotalRows:N0} row(s){Markup.Escape(shown)} in {result.Elapsed.TotalMilliseconds:N0} ms[/]");
    }

    private static void RenderTable(IAnsiConsole console, HuntResult result)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in result.Columns)
        {
            // Cells wrap rather than being cut to the column: Spectre's no-wrap squeezes narrow columns to nothing.
            var column = new TableColumn(new Text(c.Name, new Style(decoration: Decoration.Bold)));
            if (c.IsNumeric) column.RightAligned();
            table.AddColumn(column);
        }
        foreach (var row in result.Rows) table.AddRow(row.Select(Cell));
        console.Write(table);
    }

    private static void RenderRecords(IAnsiConsole console, HuntResult result)
    {
        for (int r = 0; r < result.Rows.Count; r++)
        {
            var table = new Table().Border(TableBorder.Rounded).HideHeaders()
                .Title($"row {r + 1:N0}")
                .AddColumn(new TableColumn("column"))
                .AddColumn(new TableColumn("value"));
            var row = result.Rows[r];
            for (int i = 0; i < row.Length; i++)
                if (row[i] is not null) table.AddRow(new Text(result.Columns[i].Name, new Style(Color.Grey)), Cell(row[i]));
            console.Write(table);
        }
    }

    private static IRenderable Cell(object? value)
    {
        var text = HuntValue.ToText(value);
        if (text is null) return new Text("NULL", new Style(Color.Grey));
        return new Text(Shorten(text));
    }

    /// <summary>One line, at most <see cref="MaxCell"/> characters: raw events and command lines can be kilobytes long.</summary>
    internal static string Shorten(string s)
    {
        if (s.AsSpan().IndexOfAny('\r', '\n', '\t') >= 0)
            s = s.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ');
        return s.Length <= MaxCell ? s : string.Concat(s.AsSpan(0, MaxCell - 1), "…");
    }
}
