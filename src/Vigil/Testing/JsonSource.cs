using System.Text;
using System.Text.Json;
using Vigil.Language.Diagnostics;
using Vigil.Language.Text;

namespace Vigil.Testing;

/// <summary>
/// Parses one JSON value out of a range of a <see cref="SourceText"/> and turns a <see cref="JsonException"/>
/// (0-based line and <em>byte</em> position within the parsed range) into a diagnostic at the right character.
/// </summary>
internal static class JsonSource
{
    // Test files are plain JSON: comments or trailing commas would not load in the PT tools either.
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    /// <summary>
    /// Parses the value starting at <paramref name="start"/> (after leading whitespace) and ending before
    /// <paramref name="end"/>; <paramref name="valueEnd"/> is the character offset just after the value.
    /// The element is self-contained (cloned), so nothing needs disposing.
    /// </summary>
    public static bool TryParse(SourceText src, int start, int end, DiagnosticBag diags, out JsonElement value, out int valueEnd)
    {
        value = default;
        valueEnd = start;
        byte[] bytes = Encoding.UTF8.GetBytes(src.Text, start, end - start);
        var reader = new Utf8JsonReader(bytes, Options);
        try
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            value = doc.RootElement.Clone();
            valueEnd = start + Encoding.UTF8.GetCharCount(bytes.AsSpan(0, (int)reader.BytesConsumed));
            return true;
        }
        catch (JsonException e)
        {
            int at = start + CharOffset(bytes, e.LineNumber ?? 0, e.BytePositionInLine ?? 0);
            diags.Add(DiagnosticFacts.InvalidJson(src, new TextSpan(Math.Min(at, src.Length), 1), Reason(e)));
            return false;
        }
    }

    /// <summary>The character offset of (line, byte in line), counting lines by '\n' as the JSON reader does.</summary>
    private static int CharOffset(byte[] bytes, long line, long byteInLine)
    {
        int offset = 0;
        for (long l = 0; l < line && offset < bytes.Length; l++)
        {
            int nl = Array.IndexOf(bytes, (byte)'\n', offset);
            if (nl < 0) { offset = bytes.Length; break; }
            offset = nl + 1;
        }
        offset = (int)Math.Min(bytes.Length, offset + byteInLine);
        return Encoding.UTF8.GetCharCount(bytes.AsSpan(0, offset));
    }

    /// <summary>System.Text.Json appends "Path: $ | LineNumber: 0 | BytePositionInLine: 5."; the diagnostic already has the position.</summary>
    private static string Reason(JsonException e)
    {
        string m = e.Message;
        int cut = m.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0) cut = m.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        return (cut >= 0 ? m[..cut] : m).TrimEnd();
    }
}
