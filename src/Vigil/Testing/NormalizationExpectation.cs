using System.Text.Json;
using Vigil.Language.Diagnostics;
using Vigil.Language.Text;

namespace Vigil.Testing;

/// <summary>
/// The expected output of a normalization test, <c>norm_N.js</c> (normalization.md §8.3): one JSON object,
/// possibly pretty-printed. Kept as JSON (element and exact text): comparison rules (ignoring time, *.host …)
/// belong to the test runner.
/// </summary>
public sealed class NormalizationExpectation
{
    private NormalizationExpectation(SourceText source, JsonElement root, string json)
    {
        Source = source;
        Root = root;
        Json = json;
    }

    public SourceText Source { get; }
    /// <summary>The expected event: an object of dotted field names to values.</summary>
    public JsonElement Root { get; }
    /// <summary>The JSON text as written.</summary>
    public string Json { get; }

    public static NormalizationExpectation? ReadFile(string path, DiagnosticBag diagnostics, string? displayPath = null) =>
        TestFileReader.TryRead(path, diagnostics, out var source, displayPath) ? Read(source, diagnostics) : null;

    public static NormalizationExpectation? Read(SourceText source, DiagnosticBag diagnostics)
    {
        if (source.FirstNulOffset is var nul and >= 0)
        {
            diagnostics.Add(DiagnosticFacts.BinaryFile(source, nul));
            return null;
        }
        if (!JsonSource.TryParse(source, 0, source.Length, diagnostics, out var root, out int end)) return null;
        int start = 0;
        while (start < end && char.IsWhiteSpace(source[start])) start++;
        var span = TextSpan.FromBounds(start, end);
        int rest = end;
        while (rest < source.Length && char.IsWhiteSpace(source[rest])) rest++;
        if (rest < source.Length)
        {
            diagnostics.Add(DiagnosticFacts.TrailingText(source, TextSpan.FromBounds(rest, source.Length)));
            return null;
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            diagnostics.Add(DiagnosticFacts.JsonNotAnObject(source, span, "the expected normalized event"));
            return null;
        }
        return new NormalizationExpectation(source, root, source.ToString(span));
    }
}
