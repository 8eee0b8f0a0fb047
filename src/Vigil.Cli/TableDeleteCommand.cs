using System.CommandLine;
using Vigil.Events;

namespace Vigil.Cli;

/// <summary><c>vigil table delete NAME --key VALUE [--key VALUE]…</c>: removes the row with that primary key (values in key order).</summary>
internal static class TableDeleteCommand
{
    public static Command Create()
    {
        var name = TableCommands.NameArgument();
        var kb = KnowledgeBaseOptions.Create("Knowledge-base folder(s) whose table.tl files declare the lists (default: Vigil's own content pack)");
        var tables = TableCommands.TablesOption();
        var key = new Option<string[]>("--key") { Description = "The row's key: one value per key column, in key order (repeat --key for a composite key)", Required = true };
        var cmd = new Command("delete", "Delete one row of a tabular list by its primary key") { name, kb, tables, key };
        cmd.SetAction(p => TableCommands.Run(() => Execute(p.GetValue(name)!, p.GetValue(kb), p.GetValue(tables)!, p.GetValue(key) ?? [])));
        return cmd;
    }

    private static int Execute(string name, string[]? kbPaths, string directory, string[] key)
    {
        var kb = KnowledgeBaseOptions.LoadOrReport(kbPaths);
        if (kb is null) return ExitCodes.Errors;
        var schema = TableCommands.FindSchema(kb, name);
        if (schema is null) return ExitCodes.Errors;
        var keyColumns = schema.PrimaryKey.Select(k => schema.Columns[k].Name).ToList();
        if (key.Length != keyColumns.Count)
            return TableCommands.Usage("delete", $"'{name}' has {keyColumns.Count} key column(s) ({string.Join(", ", keyColumns)}): give one --key for each, in that order");

        using var set = TableCommands.Open(schema, directory, readOnly: false);
        Value[] values = [.. key.Select(Value.String)];
        string shown = string.Join(", ", keyColumns.Zip(key, (c, v) => $"{c}={v}"));
        if (!set.Tables[name].Remove(values))
        {
            Console.Error.WriteLine($"vigil table: {name} has no row with {shown}");
            return ExitCodes.Errors;
        }
        set.Flush();
        Console.WriteLine($"deleted the row with {shown} from {name}");
        return ExitCodes.Ok;
    }
}
