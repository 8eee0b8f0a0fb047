using System.CommandLine;
using Vigil.KnowledgeBase;
using Vigil.Tables;
using Vigil.Tables.Persistence;

namespace Vigil.Cli;

/// <summary>
/// <c>vigil table list|show|import|export|clear|delete</c>: the tabular lists of a table store, typed by the
/// knowledge base's schemas (<c>--kb</c>). Reading commands open the store read-only, so they work while a
/// pipeline holds it; writing commands need it to themselves (one writer process at a time).
/// </summary>
internal static class TableCommands
{
    public static Command Create() => new("table", "Inspect and edit the tabular lists kept in a table store (--tables folder)")
    {
        TableListCommand.Create(),
        TableShowCommand.Create(),
        TableImportCommand.Create(),
        TableExportCommand.Create(),
        TableClearCommand.Create(),
        TableDeleteCommand.Create(),
    };

    public static Option<string> TablesOption() => new("--tables")
    {
        Description = "The table store folder",
        DefaultValueFactory = _ => TableStoreOptions.DefaultDirectory,
    };

    public static Argument<string> NameArgument() => new("name") { Description = "The tabular list (its name: in table.tl)" };

    /// <summary>The schema of list <paramref name="name"/>, or null after saying which lists there are.</summary>
    public static TableSchema? FindSchema(CompiledKnowledgeBase kb, string name)
    {
        var schema = kb.TableSchemas.FirstOrDefault(s => s.Name == name);
        if (schema is not null) return schema;
        var names = kb.TableSchemas.Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
        Console.Error.WriteLine($"vigil table: the knowledge base has no tabular list '{name}'"
            + (names.Count == 0 ? " (it has none)" : $"; it has: {string.Join(", ", names)}"));
        return null;
    }

    /// <summary>Opens the one list <paramref name="schema"/> (a new list gets its defaults, in memory when read-only).</summary>
    public static TableSet Open(TableSchema schema, string directory, bool readOnly) =>
        TableSet.OpenPersistent([schema], directory, new TableStoreOptions { ReadOnly = readOnly });

    /// <summary>Runs a command body, turning store and file problems into a message and exit code 1.</summary>
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (TableStoreException ex)
        {
            Console.Error.WriteLine($"vigil table: {ex.Message}");
            return ExitCodes.Errors;
        }
    }

    /// <summary>
    /// Spectre wraps tables at 80 columns when the output is not a terminal; a pipe or a file has no width to fit,
    /// and a wrapped cell breaks every grep, so there rows are kept on one line (up to a generous width).
    /// </summary>
    public static void FitOutput()
    {
        if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 240;
    }

    public static int Usage(string command, string message)
    {
        Console.Error.WriteLine($"vigil table {command}: {message}");
        Console.Error.WriteLine($"Run 'vigil table {command} --help' for usage.");
        return ExitCodes.Usage;
    }
}
