namespace Vigil.Normalization.Inputs;

public enum RawRecordKind : byte
{
    /// <summary>The bytes of one event (possibly empty or garbage: the parser judges).</summary>
    Data,
    /// <summary>A line/file over <see cref="InputOptions.MaxEventBytes"/>; skipped, only its length is known.</summary>
    TooLong,
    /// <summary>The source itself failed (unreadable file, corrupted zip, truncated gzip); <see cref="RawRecord.Error"/> says why.</summary>
    SourceError,
}

/// <summary>
/// One framed record from a source. <see cref="Bytes"/> points into the reader's pooled buffer and is
/// valid only until the enumerator moves on: parse (or copy) it before asking for the next record.
/// </summary>
public readonly struct RawRecord
{
    public RawRecordKind Kind { get; }
    public ReadOnlyMemory<byte> Bytes { get; }
    /// <summary>File path, or <c>archive.zip!member.json</c> for archive members, or <c>stdin</c>.</summary>
    public string Source { get; }
    /// <summary>1-based line number of the record's first line in its source (0 for source errors before any line).</summary>
    public long Line { get; }
    /// <summary>Byte length of an over-long record (it was not buffered).</summary>
    public long Length { get; }
    public string? Error { get; }
    /// <summary>The record was a whole file (<see cref="Framing.Whole"/>), not a line.</summary>
    public bool IsWholeFile { get; }

    private RawRecord(RawRecordKind kind, ReadOnlyMemory<byte> bytes, string source, long line, long length, string? error, bool whole = false)
    {
        IsWholeFile = whole;
        Kind = kind;
        Bytes = bytes;
        Source = source;
        Line = line;
        Length = length;
        Error = error;
    }

    public static RawRecord Data(ReadOnlyMemory<byte> bytes, string source, long line) =>
        new(RawRecordKind.Data, bytes, source, line, bytes.Length, null);

    public static RawRecord TooLong(string source, long line, long length, bool wholeFile = false) =>
        new(RawRecordKind.TooLong, default, source, line, length, null, wholeFile);

    public static RawRecord Failure(string source, long line, string error) =>
        new(RawRecordKind.SourceError, default, source, line, 0, error);
}
