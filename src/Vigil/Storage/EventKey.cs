using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Vigil.Storage;

/// <summary>
/// The stable identity of a stored line: the first 8 bytes of SHA-256 over UTF-8 <c>source</c>, a NUL, the line
/// number (8 bytes, little-endian) and the UTF-8 raw text. The same line of the same source always gets the same
/// key, on any machine and in any run, which is what makes re-ingestion idempotent.
/// <para>
/// SHA-256 rather than a faster non-cryptographic hash: it is in the base library (no extra package), it is
/// hardware-accelerated on current x64/ARM, and 64 bits of it make a collision among one source's lines (the scope
/// in which keys are compared) vanishingly unlikely.
/// </para>
/// </summary>
public static class EventKey
{
    public static long Compute(string source, long line, string raw)
    {
        byte[] src = Encoding.UTF8.GetBytes(source);
        byte[]? buffer = null;
        return Compute(src, line, raw, ref buffer);
    }

    /// <summary>Allocation-free form for the writer: <paramref name="buffer"/> is reused and grown as needed.</summary>
    internal static long Compute(ReadOnlySpan<byte> sourceUtf8, long line, string raw, ref byte[]? buffer)
    {
        int max = sourceUtf8.Length + 9 + (raw.Length <= 1 << 20 ? Encoding.UTF8.GetMaxByteCount(raw.Length) : Encoding.UTF8.GetByteCount(raw));
        if (buffer is null || buffer.Length < max)
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(Math.Max(max, 4096));
        }
        var span = buffer.AsSpan();
        sourceUtf8.CopyTo(span);
        int n = sourceUtf8.Length;
        span[n++] = 0;
        BinaryPrimitives.WriteInt64LittleEndian(span[n..], line);
        n += 8;
        n += Encoding.UTF8.GetBytes(raw, span[n..]);

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(span[..n], hash);
        return BinaryPrimitives.ReadInt64LittleEndian(hash);
    }

    [ThreadStatic] private static IncrementalHash? t_sha;

    /// <summary>
    /// The same key from the raw line's UTF-8 bytes as they were read: no string in between. Equal to the string
    /// form whenever the bytes are valid UTF-8 (the caller replaces invalid sequences first, as decoding would).
    /// </summary>
    public static long Compute(ReadOnlySpan<byte> sourceUtf8, long line, ReadOnlySpan<byte> rawUtf8)
    {
        var sha = t_sha ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> head = stackalloc byte[9];
        head[0] = 0;
        BinaryPrimitives.WriteInt64LittleEndian(head[1..], line);
        sha.AppendData(sourceUtf8);
        sha.AppendData(head);
        sha.AppendData(rawUtf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        sha.GetHashAndReset(hash);
        return BinaryPrimitives.ReadInt64LittleEndian(hash);
    }
}
