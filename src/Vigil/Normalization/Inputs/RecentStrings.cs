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
/// </summary>
internal static class RecentStrings
{
    private const int SlotCount = 1 << 14;
    private const int MaxBytes = 256;
    private const int LongSlotCount = 1 << 11;
    private const int MaxLongBytes = 2048;
    private static readonly string?[] s_slots = new string?[SlotCount];
    private static readonly string?[] s_longSlots = new string?[LongSlotCount];

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return string.Empty;
        if (utf8.Length > MaxBytes)
            return utf8.Length > MaxLongBytes ? Encoding.UTF8.GetString(utf8) : Lookup(utf8, s_longSlots);
        return Lookup(utf8, s_slots);
    }

    private static string Lookup(ReadOnlySpan<byte> utf8, string?[] slots)
    {
        var hash = new HashCode();
        hash.AddBytes(utf8);
        ref var slot = ref slots[hash.ToHashCode() & (slots.Length - 1)];
        var s = slot;
        if (s is not null && s.Length == utf8.Length && Ascii.Equals(utf8, s)) return s;
        s = Encoding.UTF8.GetString(utf8);
        if (s.Length == utf8.Length) slot = s; // ASCII (one byte per char)
        return s;
    }
}
