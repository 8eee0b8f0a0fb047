using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Vigil.Normalization.Inputs;

/// <summary>
/// Recently decoded event strings, found by their UTF-8 bytes. Windows events repeat the same images, accounts,
/// hosts and codes event after event, so decoding mostly hits this cache instead of allocating — and a repeated
/// value arrives as the same string instance, which lets pure functions memoize on it (see CallMemo).
/// Direct-mapped and bounded (a newcomer overwrites its slot); lock-free, since a slot holds an immutable string
/// and reference writes are atomic. ASCII only: then the string's length equals the byte count and
/// <see cref="Ascii.Equals(ReadOnlySpan{byte}, ReadOnlySpan{char})"/> compares without decoding.
/// Long values (call stacks, command lines) repeat too and cost the most to decode, so they get a smaller table
/// of their own: its size bounds what it can retain (2,048 × 4 KB of text at most).
/// <see cref="FromChars"/> does the same for text cut out of strings (keyvalue's keys and values).
/// </summary>
internal static class RecentStrings
{
    private const int SlotCount = 1 << 14;
    private const int MaxBytes = 256;
    private const int LongSlotCount = 1 << 11;
    private const int MaxLongBytes = 2048;
    private static readonly string?[] s_slots = new string?[SlotCount];
    private static readonly string?[] s_longSlots = new string?[LongSlotCount];

    // Pieces of strings: a PowerShell ContextInfo is unique per event (sequence numbers) but its Host Application
    // (often a multi-KB encoded command) and most other values repeat; 512 × 16 KB bounds the long table.
    private const int CharSlotCount = 1 << 12;
    private const int MaxChars = 128;
    private const int LongCharSlotCount = 1 << 9;
    private const int MaxLongChars = 8192;
    private static readonly string?[] s_charSlots = new string?[CharSlotCount];
    private static readonly string?[] s_longCharSlots = new string?[LongCharSlotCount];

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return string.Empty;
        if (utf8.Length > MaxBytes)
            return utf8.Length > MaxLongBytes ? Encoding.UTF8.GetString(utf8) : Lookup(utf8, s_longSlots);
        return Lookup(utf8, s_slots);
    }

    public static string FromChars(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return string.Empty;
        if (text.Length > MaxChars)
            return text.Length > MaxLongChars ? text.ToString() : Lookup(text, s_longCharSlots);
        return Lookup(text, s_charSlots);
    }

    private static string Lookup(ReadOnlySpan<byte> utf8, string?[] slots)
    {
        ref var slot = ref slots[(int)Hash(utf8) & (slots.Length - 1)];
        var s = slot;
        if (s is not null && s.Length == utf8.Length && Ascii.Equals(utf8, s)) return s;
        s = Encoding.UTF8.GetString(utf8);
        if (s.Length == utf8.Length) slot = s; // ASCII (one byte per char)
        return s;
    }

    private static string Lookup(ReadOnlySpan<char> text, string?[] slots)
    {
        ref var slot = ref slots[(int)Hash(MemoryMarshal.AsBytes(text)) & (slots.Length - 1)];
        var s = slot;
        if (s is not null && text.SequenceEqual(s)) return s;
        return slot = text.ToString();
    }

    /// <summary>
    /// A fast non-cryptographic hash, eight bytes per step (HashCode.AddBytes took a tenth of the time of reading a
    /// call stack value). Collisions only cost a miss: every hit is verified by comparing the text.
    /// </summary>
    internal static uint Hash(ReadOnlySpan<byte> s)
    {
        const ulong Prime = 0x9E3779B97F4A7C15;
        ulong h = (ulong)s.Length * Prime;
        ref byte p = ref MemoryMarshal.GetReference(s);
        int n = s.Length;
        if (n >= 64)
        {
            // Four independent lanes: long values (call stacks, encoded commands) hash at memory speed.
            ulong h1 = h, h2 = h ^ 1, h3 = h ^ 2, h4 = h ^ 3;
            int i = 0;
            for (; i <= n - 32; i += 32)
            {
                h1 = BitOperations.RotateLeft((h1 ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, i))) * Prime, 31);
                h2 = BitOperations.RotateLeft((h2 ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, i + 8))) * Prime, 31);
                h3 = BitOperations.RotateLeft((h3 ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, i + 16))) * Prime, 31);
                h4 = BitOperations.RotateLeft((h4 ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, i + 24))) * Prime, 31);
            }
            h = h1 ^ BitOperations.RotateLeft(h2, 16) ^ BitOperations.RotateLeft(h3, 32) ^ BitOperations.RotateLeft(h4, 48);
            for (; i <= n - 8; i += 8)
                h = BitOperations.RotateLeft((h ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, i))) * Prime, 31);
            if (i < n) h = BitOperations.RotateLeft((h ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, n - 8))) * Prime, 31);
        }
        else if (n >= 8)
        {
            int i = 0;
            for (; i <= n - 8; i += 8)
                h = BitOperations.RotateLeft((h ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, i))) * Prime, 31);
            if (i < n) h = BitOperations.RotateLeft((h ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, n - 8))) * Prime, 31);
        }
        else
        {
            ulong tail = 0;
            for (int i = 0; i < n; i++) tail = (tail << 8) | Unsafe.Add(ref p, i);
            h = (h ^ tail) * Prime;
        }
        h ^= h >> 29;
        h *= Prime;
        return (uint)(h ^ (h >> 32));
    }
}
