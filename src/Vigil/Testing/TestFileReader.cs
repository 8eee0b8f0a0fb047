using Vigil.Language.Diagnostics;
using Vigil.Language.Text;

namespace Vigil.Testing;

/// <summary>Reads a test file as a <see cref="SourceText"/>, turning I/O problems into diagnostics.</summary>
public static class TestFileReader
{
    /// <summary>Raw event files are the largest test inputs (a few MB at most); this only stops a runaway file.</summary>
    public const long MaxFileBytes = 64 * 1024 * 1024;

    /// <param name="displayPath">The path shown in messages, usually relative to the knowledge base root.</param>
    public static bool TryRead(string path, DiagnosticBag diagnostics, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SourceText? source, string? displayPath = null)
    {
        source = null;
        string shown = displayPath ?? path;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileBytes)
            {
                diagnostics.Add(DiagnosticFacts.FileTooLarge(shown, info.Length, MaxFileBytes));
                return false;
            }
            source = SourceText.FromFile(path, shown);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(DiagnosticFacts.CannotRead(shown, e.Message));
            return false;
        }
        if (source.InvalidUtf8Offset >= 0) diagnostics.Add(DiagnosticFacts.InvalidUtf8(source, source.InvalidUtf8Offset));
        return true;
    }
}
