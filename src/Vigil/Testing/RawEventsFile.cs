using Vigil.Language.Diagnostics;
using Vigil.Language.Text;

namespace Vigil.Testing;

/// <summary>One non-blank line of a <c>raw_events_N.json</c> file: a raw event envelope, still unparsed.</summary>
public sealed record RawEventLine(int Line, string Text, TextSpan Span);

/// <summary>
/// <c>raw_events_N.json</c> (correlation.md §10.1): JSON Lines of raw event envelopes. Only the lines are
/// exposed here, with their positions; parsing an envelope is the input module's job, and it can report
/// against <see cref="Source"/> using <see cref="RawEventLine.Span"/>. Blank lines are skipped (the corpus has one).
/// </summary>
public sealed class RawEventsFile
{
    private RawEventsFile(SourceText source, IReadOnlyList<RawEventLine> lines)
    {
        Source = source;
        Lines = lines;
    }

    public SourceText Source { get; }
    public IReadOnlyList<RawEventLine> Lines { get; }

    public static RawEventsFile? ReadFile(string path, DiagnosticBag diagnostics, string? displayPath = null) =>
        TestFileReader.TryRead(path, diagnostics, out var source, displayPath) ? Read(source) : null;

    public static RawEventsFile Read(SourceText source)
    {
        var lines = new List<RawEventLine>();
        string text = source.Text;
        int number = 0;
        for (int start = 0; start < text.Length;)
        {
            number++;
            int end = start;
            while (end < text.Length && text[end] is not ('\n' or '\r')) end++;
            int s = start, e = end;
            while (s < e && char.IsWhiteSpace(text[s])) s++;
            while (e > s && char.IsWhiteSpace(text[e - 1])) e--;
            if (e > s) lines.Add(new RawEventLine(number, text[s..e], TextSpan.FromBounds(s, e)));
            start = end < text.Length && text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? end + 2 : end + 1;
        }
        return new RawEventsFile(source, lines);
    }
}
