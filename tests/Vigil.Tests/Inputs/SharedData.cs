namespace Vigil.Tests.Inputs;

/// <summary>
/// The shared corpus and datasets live beside the repository (<c>../shared</c> from the folder holding
/// Vigil.slnx); tests that need them are skipped where they are absent (end-user checkouts).
/// </summary>
internal static class SharedData
{
    public static string? Root { get; } = FindRoot();

    private static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                return Directory.Exists(shared) ? shared : null;
            }
        }
        return null;
    }

    public static string? Find(string relative)
    {
        if (Root is null) return null;
        var path = Path.Combine(Root, relative);
        return File.Exists(path) || Directory.Exists(path) ? path : null;
    }
}

/// <summary>A fact that is skipped when <c>../shared/&lt;path&gt;</c> does not exist.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(string relativePath)
    {
        if (SharedData.Find(relativePath) is null) Skip = $"../shared/{relativePath} is not present";
    }
}
