namespace Vigil.Normalization.Inputs;

/// <summary>
/// Read-only pass-through that counts bytes. GZipStream reports a truncated file as a normal end of
/// data, so the reader compares the decompressed count with the size the gzip trailer announces.
/// </summary>
internal sealed class CountingStream(Stream inner, bool leaveOpen = false) : Stream
{
    public long Count { get; private set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = inner.Read(buffer, offset, count);
        Count += n;
        return n;
    }

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        Count += n;
        return n;
    }

    public override int ReadByte()
    {
        int b = inner.ReadByte();
        if (b >= 0) Count++;
        return b;
    }

    /// <summary>Reads and discards the rest, counting it (tar archives end with padding after the last entry).</summary>
    public void Drain()
    {
        Span<byte> scratch = stackalloc byte[4096];
        while (Read(scratch) > 0) { }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Count; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen) inner.Dispose();
        base.Dispose(disposing);
    }
}
