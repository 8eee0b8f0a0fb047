using System.CommandLine;
using System.CommandLine.Help;

namespace Vigil.Cli;

/// <summary>The command tree of <c>vigil</c>. Each command lives in its own file and only wires options to the library.</summary>
public static class VigilCommands
{
    // A plain Command rather than RootCommand: RootCommand names itself after the executable (Vigil.Cli),
    // while users type `vigil`.
    public static Command Build()
    {
        var root = new Command("vigil", "Vigil: a SIEM event engine for XP rules — normalize, enrich, correlate and hunt.")
        {
            new HelpOption(),
            new VersionOption(),
            CheckCommand.Create(),
            TestCommand.Create(),
            RunCommands.Normalize(),
            RunCommands.Run(),
            RunCommands.Correlate(),
            HuntCommand.Create(),
            ExportCommand.Create(),
            IngestCommand.Create(),
            DemoCommand.Create(),
            TableCommands.Create(),
        };
        root.SetAction(_ =>
        {
            Console.Error.WriteLine("vigil: a command is required. Run 'vigil --help' for the list.");
            return ExitCodes.Usage;
        });
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) Console.Error.WriteLine($"vigil: {e.Message}");
            Console.Error.WriteLine("Run 'vigil --help' for usage.");
            return ExitCodes.Usage;
        }
        try
        {
            return await parse.InvokeAsync();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"vigil: {ex.Message}");
            return ExitCodes.Errors;
        }
    }
}
