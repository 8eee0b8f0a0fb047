using Vigil.Language.Diagnostics;
using Vigil.Language.Text;

namespace Vigil.KnowledgeBase;

/// <summary>Finds and reads the content files of a knowledge base, turning I/O and encoding problems into diagnostics.</summary>
public static class ContentFiles
{
    /// <summary>Rule files larger than this are refused rather than read (the largest corpus formula is ~40 KB).</summary>
    public const long MaxFileBytes = 32L * 1024 * 1024;

    /// <summary>Every content file under <paramref name="root"/> (or the file itself), in ordinal path order for deterministic loading.</summary>
    public static List<(string FullPath, string RelativePath, ContentKind Kind)> Discover(string root)
    {
        var found = new List<(string, string, ContentKind)>();
        if (File.Exists(root))
        {
            if (ContentKinds.TryFromPath(root, out var k)) found.Add((Path.GetFullPath(root), Path.GetFileName(root), k));
            return found;
        }
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden };
        foreach (var path in Directory.EnumerateFiles(root, "*", options))
        {
            if (!ContentKinds.TryFromPath(path, out var kind)) continue;
            found.Add((path, Path.GetRelativePath(root, path), kind));
        }
        found.Sort((a, b) => string.CompareOrdinal(a.Item2, b.Item2));
        return found;
    }

    /// <summary>Reads a file as text; returns null (with a diagnostic) when it cannot be used at all.</summary>
    public static SourceText? Read(string fullPath, string displayPath, DiagnosticBag diagnostics)
    {
        try
        {
            var info = new FileInfo(fullPath);
            if (info.Length > MaxFileBytes)
            {
                diagnostics.Add(DiagnosticFacts.FileTooLarge(displayPath, info.Length, MaxFileBytes));
                return null;
            }
            var text = SourceText.FromBytes(File.ReadAllBytes(fullPath), displayPath);
            int nul = text.FirstNulOffset;
            if (nul >= 0)
            {
                diagnostics.Add(DiagnosticFacts.BinaryFile(text, nul));
                return null;
            }
            if (text.InvalidUtf8Offset >= 0)
            {
                diagnostics.Add(DiagnosticFacts.InvalidUtf8(text, text.InvalidUtf8Offset));
                return null;
            }
            return text;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(DiagnosticFacts.CannotRead(displayPath, ex.Message));
            return null;
        }
    }
}
