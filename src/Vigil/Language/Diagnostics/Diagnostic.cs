using System.Text;
using Vigil.Language.Text;

namespace Vigil.Language.Diagnostics;

public enum Severity
{
    Info,
    Warning,
    Error,
}

/// <summary>
/// One message about a source file: a stable code, a severity, a message a rule author understands, and where.
/// Immutable data; produced through <see cref="DiagnosticFacts"/> so codes and wording live in one place.
/// </summary>
public sealed record Diagnostic(string Code, Severity Severity, string Message, SourceText? Source, TextSpan Span)
{
    public string Path => Source?.Path ?? "";
    public TextPosition Position => Source?.GetPosition(Span.Start) ?? new TextPosition(0, 0, 0);
    public bool IsError => Severity == Severity.Error;

    /// <summary><c>path:line:col: error XP0101: message</c></summary>
    public override string ToString()
    {
        var p = Position;
        string sev = Severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "info" };
        return Source is null ? $"{sev} {Code}: {Message}" : $"{Path}:{p.Line}:{p.Column}: {sev} {Code}: {Message}";
    }

    /// <summary>The message followed by the source line and a caret under the position (long lines are cut around it).</summary>
    public string Format()
    {
        var sb = new StringBuilder(ToString());
        if (Source is null) return sb.ToString();
        var p = Position;
        var line = Source.GetLine(p.Line);
        if (line.IsEmpty && Span.Length == 0 && p.Line > Source.LineCount) return sb.ToString();
        const int window = 100;
        int col = p.Column - 1;
        int from = 0;
        if (line.Length > window)
        {
            from = Math.Max(0, col - window / 2);
            line = line.Slice(from, Math.Min(window, line.Length - from));
        }
        var shown = new StringBuilder(line.Length);
        foreach (char c in line) shown.Append(c == '\t' ? ' ' : char.IsControl(c) ? '?' : c);
        string prefix = from > 0 ? "…" : "";
        sb.Append('\n').Append("  | ").Append(prefix).Append(shown);
        int caretCol = col - from + prefix.Length;
        int caretLen = Math.Clamp(Span.Length, 1, Math.Max(1, shown.Length - (col - from)));
        sb.Append('\n').Append("  | ").Append(' ', Math.Max(0, caretCol)).Append('^');
        if (caretLen > 1) sb.Append('~', Math.Min(caretLen - 1, 60));
        return sb.ToString();
    }
}
