using System.Runtime.InteropServices;

namespace Vigil.Normalization;

/// <summary>
/// Recently captured short texts of one thread's matches, found by their characters. Log lines repeat hosts,
/// accounts, methods and protocols line after line, so a capture mostly hits this cache instead of allocating a
/// string — and a repeated value arrives as the same instance, which lets pure calls memoize on it (CallMemo).
/// Direct-mapped and bounded: a newcomer overwrites its slot. Strings are immutable, so sharing one is invisible.
/// </summary>
internal sealed class CaptureStrings
{
    private const int SlotCount = 1 << 12;
    /// <summary>Longer captures (messages, command lines) rarely repeat; they are allocated as before.</summary>
    public const int MaxLength = 48;
    private readonly string?[] _slots = new string?[SlotCount];

    public string Get(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return string.Empty;
        if (text.Length > MaxLength) return text.ToString();
        ref var slot = ref _slots[Slot(text)];
        var s = slot;
        if (s is not null && text.SequenceEqual(s)) return s;
        return slot = text.ToString();
    }

    // A slot only picks a candidate (the characters are compared), so a cheap hash of the length and up to three
    // 8-byte words (start, middle, end) does; a collision costs an allocation, never a wrong string.
    private static int Slot(ReadOnlySpan<char> text)
    {
        const ulong K = 0x9E3779B97F4A7C15;
        var bytes = MemoryMarshal.AsBytes(text);
        ulong h = (ulong)bytes.Length * K;
        if (bytes.Length >= 8)
        {
            h = (h ^ MemoryMarshal.Read<ulong>(bytes)) * K;
            h = (h ^ MemoryMarshal.Read<ulong>(bytes[(bytes.Length / 2 - 4)..])) * K;
            h = (h ^ MemoryMarshal.Read<ulong>(bytes[^8..])) * K;
        }
        else
        {
            foreach (char c in text) h = (h ^ c) * K;
        }
        return (int)(h >> 52) & (SlotCount - 1);
    }
}
