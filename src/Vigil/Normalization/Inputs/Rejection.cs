namespace Vigil.Normalization.Inputs;

/// <summary>Why input did not become an event. Stable categories for counting; details go in the reason text.</summary>
public enum RejectionKind : byte
{
    InvalidJson,
    TooDeep,
    InvalidUtf8,
    NulBytes,
    /// <summary>Text with C0 control characters (other than tab, line breaks, form feed, ESC): binary data.</summary>
    ControlCharacters,
    TooLong,
    InvalidXml,
    /// <summary>Valid JSON whose root is not an object (formulas bind an object's keys).</summary>
    NotAnObject,
    /// <summary>An envelope whose body does not fit its mime type, or has no usable body.</summary>
    BadEnvelope,
    /// <summary>The source failed: unreadable file, corrupted zip, truncated gzip/tar member.</summary>
    SourceError,
}

/// <summary>A record that was not turned into an event, with a human-readable reason.</summary>
public sealed record Rejection(string Source, long Line, RejectionKind Kind, string Reason)
{
    public bool IsSourceError => Kind == RejectionKind.SourceError;

    public override string ToString() => $"{Source}:{Line}: {Reason}";

    internal static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MiB",
        >= 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MiB",
        >= 1024 when bytes % 1024 == 0 => $"{bytes / 1024} KiB",
        _ => $"{bytes} bytes",
    };
}
