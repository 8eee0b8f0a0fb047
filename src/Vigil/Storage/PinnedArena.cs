using System.Runtime.CompilerServices;

namespace Vigil.Storage;

/// <summary>
/// Bytes written back to back into pinned arrays, so native code may hold pointers to them until <see cref="Reset"/>.
/// A block never moves: when one is full the next is used. The blocks are kept across resets — a chunk of raw
/// events needs several megabytes each time, and allocating them afresh (pinned, so on the pinned heap, collected
/// only with gen2) cost an eighth of the store writer's time.
/// </summary>
internal sealed unsafe class PinnedArena(int blockSize)
{
    private readonly List<byte[]> _blocks = [];
    private int _block = -1;
    private int _fill;

    /// <summary>Room for <paramref name="length"/> bytes: where to write them, and a pointer that stays valid until <see cref="Reset"/>.</summary>
    public byte* Allocate(int length, out Span<byte> target)
    {
        if (_block < 0 || _blocks[_block].Length - _fill < length) NextBlock(length);
        var block = _blocks[_block];
        target = block.AsSpan(_fill, length);
        byte* p = (byte*)Unsafe.AsPointer(ref block[0]) + _fill;
        _fill += length;
        return p;
    }

    /// <summary>Forgets everything written; the blocks are reused (up to <see cref="KeptBlocks"/> of them).</summary>
    public void Reset()
    {
        if (_blocks.Count > KeptBlocks) _blocks.RemoveRange(KeptBlocks, _blocks.Count - KeptBlocks);
        _block = _blocks.Count > 0 ? 0 : -1;
        _fill = 0;
    }

    private const int KeptBlocks = 32;

    private void NextBlock(int length)
    {
        _block++;
        _fill = 0;
        if (_block < _blocks.Count && _blocks[_block].Length >= length) return;
        // A value larger than the blocks gets one of its own, kept for the next one like it.
        var block = GC.AllocateUninitializedArray<byte>(Math.Max(blockSize, length), pinned: true);
        if (_block < _blocks.Count) _blocks.Insert(_block, block);
        else _blocks.Add(block);
    }
}
