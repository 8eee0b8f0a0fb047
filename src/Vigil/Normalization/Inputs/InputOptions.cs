namespace Vigil.Normalization.Inputs;

/// <summary>Limits and framing for reading raw events. Immutable; share one instance freely.</summary>
public sealed class InputOptions
{
    public static InputOptions Default { get; } = new();

    /// <summary>
    /// Longest event (a line, or a whole file in <see cref="Framing.Whole"/>) that is buffered.
    /// A longer one is skipped to its end without being held in memory and reported as a rejection.
    /// </summary>
    public int MaxEventBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Deepest JSON/XML nesting accepted; deeper input is rejected rather than risking the stack.</summary>
    public int MaxDepth { get; init; } = 256;

    public Framing Framing { get; init; } = Framing.Auto;

    /// <summary>Which files of a folder are read (full path in, true to read). Null: every non-hidden file.</summary>
    public Func<string, bool>? IncludeFile { get; init; }

    internal Framing FramingFor(string memberName)
    {
        if (Framing != Framing.Auto) return Framing;
        return IsTestRawFile(memberName) ? Framing.Whole : Framing.Lines;
    }

    /// <summary>Normalization test inputs <c>tests/raw_N.txt</c> hold exactly one, often pretty-printed, event.</summary>
    internal static bool IsTestRawFile(string path)
    {
        var name = Path.GetFileName(path.AsSpan());
        if (!name.StartsWith("raw_", StringComparison.Ordinal) || !name.EndsWith(".txt", StringComparison.Ordinal)) return false;
        var digits = name[4..^4];
        if (digits.IsEmpty) return false;
        foreach (char c in digits)
            if (!char.IsAsciiDigit(c)) return false;
        return true;
    }
}
