using System.CommandLine;
using Vigil.KnowledgeBase;
using Vigil.Language.Diagnostics;

namespace Vigil.Cli;

/// <summary>The <c>--kb</c> option shared by commands that run content, and loading with errors reported.</summary>
internal static class KnowledgeBaseOptions
{
    public static Option<string[]> Create(string description = "Knowledge-base folder(s) to load (default: Vigil's own content pack)") =>
        new("--kb") { Description = description, AllowMultipleArgumentsPerToken = true };

    /// <summary>The bundled content pack: beside the CLI binary, or in the repository when run from source.</summary>
    public static string? DefaultContent()
    {
        foreach (var candidate in new[] { Path.Combine(AppContext.BaseDirectory, "content"), Path.Combine(Directory.GetCurrentDirectory(), "content") })
            if (Directory.Exists(candidate)) return candidate;
        return null;
    }

    /// <summary>Loads and compiles; prints errors and returns null when the knowledge base cannot run.</summary>
    public static CompiledKnowledgeBase? LoadOrReport(string[]? roots)
    {
        if (roots is null || roots.Length == 0)
        {
            var d = DefaultContent();
            if (d is null)
            {
                Console.Error.WriteLine("vigil: no --kb given and the bundled content pack was not found");
                return null;
            }
            roots = [d];
        }
        var kb = KnowledgeBaseLoader.Load(roots);
        if (kb.HasErrors)
        {
            foreach (var diag in kb.Diagnostics.Where(x => x.Severity == Severity.Error).Take(20)) Console.Error.WriteLine(diag.Format());
            Console.Error.WriteLine($"vigil: the knowledge base has {kb.ErrorCount} error(s); run 'vigil check' for all of them");
            return null;
        }
        return CompiledKnowledgeBase.Compile(kb);
    }
}
