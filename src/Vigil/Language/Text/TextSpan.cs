namespace Vigil.Language.Text;

/// <summary>A range of characters in a <see cref="SourceText"/>.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;
    public static TextSpan FromBounds(int start, int end) => new(start, Math.Max(0, end - start));
    public TextSpan Union(TextSpan other) => FromBounds(Math.Min(Start, other.Start), Math.Max(End, other.End));
    public override string ToString() => $"[{Start}..{End})";
}

/// <summary>A position as people read it: 1-based line and column.</summary>
public readonly record struct TextPosition(int Offset, int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
