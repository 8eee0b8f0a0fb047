using System.Buffers;

namespace Vigil.Normalization.Inputs;

/// <summary>
/// Cuts a stream into records (lines or the whole stream) through one pooled buffer that grows only up to
/// the record limit, so memory stays bounded whatever the input: an over-long line is skipped to its end
/// chunk by chunk and reported by length, never held whole. Read failures (corrupt deflate data, I/O
/// errors) are caught and surface as one <see cref="FrameStatus.Error"/>, after which the framer ends.
/// </summary>
internal sealed class LineFramer : IDisposable
{
    private const int InitialBuffer = 64 * 1024;

    private readonly Stream _stream;
    private readonly int _max;
    private readonly bool _whole;
    private byte[] _buf;
    private int _start, _end, _scan;
    private bool _eof, _done, _emitted;
    private long _line;

    public LineFramer(Stream stream, int maxRecordBytes, bool wholeStream)
    {
        _stream = stream;
        _max = Math.Clamp(maxRecordBytes, 1, 1 << 30); // array pools and JsonDocument stop at about 1-2 GiB
        _whole = wholeStream;
        _buf = ArrayPool<byte>.Shared.Rent((int)Math.Min(InitialBuffer, (long)_max + 1));
    }

    /// <summary>The error text after <see cref="FrameStatus.Error"/>.</summary>
    public string? Error { get; private set; }

    /// <summary>Total bytes delivered by the stream so far (tar/gzip truncation checks compare it).</summary>
    public long BytesRead { get; private set; }

    /// <summary>
    /// Next record. <paramref name="record"/> is valid until the next call. <paramref name="line"/> is the
    /// record's 1-based line; <paramref name="length"/> the byte length (the only thing known of a too-long record).
    /// </summary>
    public FrameStatus Next(out ReadOnlyMemory<byte> record, out long line, out long length)
    {
        record = default;
        line = 0;
        length = 0;
        if (_done) return FrameStatus.End;
        return _whole ? NextWhole(out record, out line, out length) : NextLine(out record, out line, out length);
    }

    private FrameStatus NextLine(out ReadOnlyMemory<byte> record, out long line, out long length)
    {
        record = default;
        line = 0;
        length = 0;
        while (true)
        {
            int nl = _buf.AsSpan(_scan, _end - _scan).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                int lineEnd = _scan + nl;
                int s = _start;
                _start = _scan = lineEnd + 1;
                line = ++_line;
                record = TrimCr(s, lineEnd);
                length = record.Length;
                // Pooled buffers can be larger than asked, so a whole over-long line may have fit.
                return length > _max ? FrameStatus.TooLong : FrameStatus.Record;
            }
            _scan = _end;
            if (_eof)
            {
                // A last line without newline (or the part read before a failure: a truncated event
                // the parser will reject) comes first; the failure, if any, is reported after it.
                if (_start < _end)
                {
                    line = ++_line;
                    record = TrimCr(_start, _end);
                    length = record.Length;
                    _start = _scan = _end;
                    return length > _max ? FrameStatus.TooLong : FrameStatus.Record;
                }
                _done = true;
                return Error is null ? FrameStatus.End : FrameStatus.Error;
            }
            if (_end - _start > _max)
                return SkipLongLine(out line, out length);
            Fill();
        }
    }

    // The pending bytes already exceed the limit: drop them and read on to the end of the line.
    private FrameStatus SkipLongLine(out long line, out long length)
    {
        long skipped = _end - _start;
        _start = _scan = _end = 0;
        line = ++_line;
        while (true)
        {
            int n = ReadSome(0);
            if (n == 0)
            {
                length = skipped;
                return FrameStatus.TooLong;
            }
            int nl = _buf.AsSpan(0, n).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                long tail = nl > 0 && _buf[nl - 1] == (byte)'\r' ? nl - 1 : nl;
                length = skipped + tail;
                _start = _scan = nl + 1;
                _end = n;
                return FrameStatus.TooLong;
            }
            skipped += n;
        }
    }

    private FrameStatus NextWhole(out ReadOnlyMemory<byte> record, out long line, out long length)
    {
        record = default;
        line = 1;
        length = 0;
        while (!_eof)
        {
            if (_end - _start > _max)
            {
                long total = _end - _start;
                _start = _end = 0;
                int n;
                while ((n = ReadSome(0)) > 0) total += n;
                _emitted = true;
                length = total;
                return FrameStatus.TooLong;
            }
            Fill();
        }
        if (!_emitted)
        {
            _emitted = true;
            if (_end > _start || Error is null)
            {
                record = _buf.AsMemory(_start, _end - _start);
                length = record.Length;
                return length > _max ? FrameStatus.TooLong : FrameStatus.Record;
            }
        }
        _done = true;
        return Error is null ? FrameStatus.End : FrameStatus.Error;
    }

    /// <summary>Makes room and reads once; a failure is recorded in <see cref="Error"/> and ends the stream.</summary>
    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buf, _start, _buf, 0, _end - _start);
            _end -= _start;
            _scan -= _start;
            _start = 0;
        }
        if (_end == _buf.Length)
        {
            // Pending bytes are at most _max here, so the buffer can still grow towards _max + 1
            // (one byte more than the limit is what proves a line too long).
            int size = (int)Math.Min((long)_buf.Length * 2, (long)_max + 1);
            var bigger = ArrayPool<byte>.Shared.Rent(size);
            Buffer.BlockCopy(_buf, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buf);
            _buf = bigger;
        }
        _end += ReadSome(_end);
    }

    /// <summary>One read into the buffer at <paramref name="offset"/>; 0 at the end or after a failure.</summary>
    private int ReadSome(int offset)
    {
        if (_eof) return 0;
        int n;
        try
        {
            n = _stream.Read(_buf, offset, _buf.Length - offset);
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            Error = Describe(e);
            n = 0;
        }
        if (n == 0) _eof = true;
        BytesRead += n;
        return n;
    }

    private ReadOnlyMemory<byte> TrimCr(int start, int end)
    {
        if (end > start && _buf[end - 1] == (byte)'\r') end--;
        return _buf.AsMemory(start, end - start);
    }

    /// <summary>
    /// Failures of reading untrusted containers. Decompressors and the tar reader throw a variety of types
    /// on corrupt data (InvalidData, EndOfStream, Format, ArgumentOutOfRange…); all of them mean "this source
    /// is broken", and must not end the run. Only resource exhaustion and cancellation pass through.
    /// </summary>
    internal static bool IsReadFailure(Exception e) => e is not (OutOfMemoryException or OperationCanceledException);

    internal static string Describe(Exception e) => e switch
    {
        EndOfStreamException => "unexpected end of data (truncated)",
        InvalidDataException => "corrupt compressed data: " + e.Message,
        _ => e.Message,
    };

    public void Dispose()
    {
        var b = _buf;
        _buf = [];
        if (b.Length > 0) ArrayPool<byte>.Shared.Return(b);
    }
}

internal enum FrameStatus : byte
{
    Record,
    TooLong,
    Error,
    End,
}
