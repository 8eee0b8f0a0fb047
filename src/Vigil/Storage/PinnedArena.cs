using System.Runtime.CompilerServices;

namespace Vigil.Storage;

/// <summary>
/// Bytes written back to back into pinned arrays, so native code may hold pointers to them until <see cref="Reset"/>.
/// A block never moves or shrinks: when one is full the next is started, and the old one stays until the reset.
/// </summary>
internal sealed unsafe class PinnedArena(int blockSize)
{
    private readonly List<byte[]> _blocks = [];
    private byte[]? _current;
    private int _fill;

    /// <summary>Room for <paramref name="length"/> bytes: where to write them, and a pointer that stays valid until <see cref="Reset"/>.</summary>
    public byte* Allocate(int length, out Span<byte> target)
    {
        if (_current is null || _current.Length - _fill < length)
        {
            _current = GC.AllocateUninitializedArray<byte>(Math.Max(blockSize, length), pinned: true);
            _blocks.Add(_current);
            _fill = 0;
        }
        target = _current.AsSpan(_fill, length);
        byte* p = (byte*)Unsafe.AsPointer(ref _current[0]) + _fill;
        _fill += length;
        return p;
    }

    /// <summary>Forgets everything written. The first block is kept for the next round; the others are let go.</summary>
    public void Reset()
    {
        if (_blocks.Count > 1) _blocks.RemoveRange(1, _blocks.Count - 1);
        _current = _blocks.Count > 0 ? _blocks[0] : null;
        _fill = 0;
    }
}
