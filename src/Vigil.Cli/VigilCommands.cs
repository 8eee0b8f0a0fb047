using System.CommandLine;

namespace Vigil.Cli;

/// <summary>The command tree of <c>vigil</c>. Each command lives in its own file and only wires options to the library.</summary>
public static class VigilCommands
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Vigil: a SIEM event engine for XP rules — normalize, enrich, correlate and hunt.");
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var parse = root.Parse(args);
        return await parse.InvokeAsync();
    }
}
