using System.Text;

namespace Vigil.Language.Text;

/// <summary>
/// The text of one source file with its path and line table. Decoding is done here once:
/// a BOM is stripped, and bytes that are not UTF-8 are replaced (and reported by <see cref="InvalidUtf8Offset"/>)
/// so that a damaged file still yields positioned diagnostics instead of an exception.
/// </summary>
public sealed class SourceText
{
    private int[]? _lineStarts;

    public SourceText(string path, string text)
    {
        Path = path;
        Text = text;
    }

    public string Path { get; }
    public string Text { get; }
    public int Length => Text.Length;

    /// <summary>Character offset of the first byte that was not valid UTF-8, or -1.</summary>
    public int InvalidUtf8Offset { get; private init; } = -1;

    /// <summary>Character offset of the first NUL character, or -1: a strong sign of a binary file.</summary>
    public int FirstNulOffset => Text.IndexOf('\0');

    public char this[int index] => Text[index];

    public static SourceText FromFile(string path, string? displayPath = null) =>
        FromBytes(File.ReadAllBytes(path), displayPath ?? path);

    public static SourceText FromBytes(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        int invalidByte = FirstInvalidUtf8(bytes);
        string text = Encoding.UTF8.GetString(bytes);
        if (invalidByte < 0) return new SourceText(path, text);
        int charOffset = Encoding.UTF8.GetCharCount(bytes[..invalidByte]);
        return new SourceText(path, text) { InvalidUtf8Offset = charOffset };
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return -1;
        Span<char> buffer = new char[4096];
        int offset = 0;
        while (true)
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes[offset..], buffer, out int read, out _, replaceInvalidSequences: false);
            offset += read;
            if (status != System.Buffers.OperationStatus.DestinationTooSmall) return offset;
        }
    }

    private int[] LineStarts => _lineStarts ??= ComputeLineStarts(Text);

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n') starts.Add(i + 1);
            else if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                starts.Add(i + 1);
            }
        }
        return starts.ToArray();
    }

    public int LineCount => LineStarts.Length;

    public TextPosition GetPosition(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        int line = Array.BinarySearch(LineStarts, offset);
        if (line < 0) line = ~line - 1;
        return new TextPosition(offset, line + 1, offset - LineStarts[line] + 1);
    }

    /// <summary>The text of a 1-based line, without its line break.</summary>
    public ReadOnlySpan<char> GetLine(int line)
    {
        if (line < 1 || line > LineStarts.Length) return default;
        int start = LineStarts[line - 1];
        int end = line < LineStarts.Length ? LineStarts[line] : Text.Length;
        while (end > start && (Text[end - 1] == '\n' || Text[end - 1] == '\r')) end--;
        return Text.AsSpan(start, end - start);
    }

    public string ToString(TextSpan span) => Text.Substring(span.Start, Math.Min(span.Length, Text.Length - span.Start));

    public override string ToString() => Path;
}
