using System.Buffers;

namespace Vigil.Normalization.Inputs;

/// <summary>An <see cref="IBufferWriter{T}"/> over ArrayPool arrays, reused across events (XML → JSON conversion).</summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer = [];
    private int _written;

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public void Clear() => _written = 0;

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Ensure(int sizeHint)
    {
        int need = _written + Math.Max(sizeHint, 256);
        if (need <= _buffer.Length) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(need, _buffer.Length * 2));
        _buffer.AsSpan(0, _written).CopyTo(bigger);
        Release();
        _buffer = bigger;
    }

    private void Release()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>Gives the array back to the pool (the writer stays usable).</summary>
    public void Dispose()
    {
        Release();
        _written = 0;
    }
}
