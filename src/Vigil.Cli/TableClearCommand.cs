using System.CommandLine;
using Vigil.Tables.Persistence;

namespace Vigil.Cli;

/// <summary>
/// <c>vigil table clear NAME [--reset]</c>: removes every row of a list. The list stays created, so its defaults
/// are not loaded again; <c>--reset</c> instead forgets the stored list (even one stored with other columns) and
/// starts it anew from its current defaults.
/// </summary>
internal static class TableClearCommand
{
    public static Command Create()
    {
        var name = TableCommands.NameArgument();
        var kb = KnowledgeBaseOptions.Create("Knowledge-base folder(s) whose table.tl files declare the lists (default: Vigil's own content pack)");
        var tables = TableCommands.TablesOption();
        var reset = new Option<bool>("--reset") { Description = "Forget the stored list (rows and columns) and start it from its defaults; also for a list the knowledge base no longer declares" };
        var cmd = new Command("clear", "Remove every row of a tabular list (--reset: back to its defaults)") { name, kb, tables, reset };
        cmd.SetAction(p => TableCommands.Run(() => Execute(p.GetValue(name)!, p.GetValue(kb), p.GetValue(tables)!, p.GetValue(reset))));
        return cmd;
    }

    private static int Execute(string name, string[]? kbPaths, string directory, bool reset)
    {
        var kb = KnowledgeBaseOptions.LoadOrReport(kbPaths);
        if (kb is null) return ExitCodes.Errors;
        var schema = kb.TableSchemas.FirstOrDefault(s => s.Name == name);

        if (reset)
        {
            bool existed;
            using (var file = TableStoreFile.Open(directory)) existed = file.DropList(name);
            if (schema is null)
            {
                if (!existed) return TableCommands.FindSchema(kb, name) is null ? ExitCodes.Errors : ExitCodes.Ok;
                Console.WriteLine($"dropped {name} from the store (the knowledge base does not declare it)");
                return ExitCodes.Ok;
            }
            using var fresh = TableCommands.Open(schema, directory, readOnly: false);
            Console.WriteLine($"reset {name}: {fresh.Tables[name].Count:N0} default row(s)");
            return ExitCodes.Ok;
        }

        if (schema is null) return TableCommands.FindSchema(kb, name) is null ? ExitCodes.Errors : ExitCodes.Ok;
        using var set = TableCommands.Open(schema, directory, readOnly: false);
        var data = set.Tables[name];
        int removed = data.Count;
        data.Clear();
        set.Flush();
        Console.WriteLine($"cleared {name}: removed {removed:N0} row(s); its defaults are not loaded again (use --reset for that)");
        return ExitCodes.Ok;
    }
}
