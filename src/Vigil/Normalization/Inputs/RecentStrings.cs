using System.Text;

namespace Vigil.Normalization.Inputs;

/// <summary>
/// Recently decoded event strings, found by their UTF-8 bytes. Windows events repeat the same images, accounts,
/// hosts and codes event after event, so decoding mostly hits this cache instead of allocating — and a repeated
/// value arrives as the same string instance, which lets pure functions memoize on it (see CallMemo).
/// Direct-mapped and bounded (a newcomer overwrites its slot); lock-free, since a slot holds an immutable string
/// and reference writes are atomic. ASCII only: then the string's length equals the byte count and
/// <see cref="Ascii.Equals(ReadOnlySpan{byte}, ReadOnlySpan{char})"/> compares without decoding.
/// </summary>
internal static class RecentStrings
{
    private const int SlotCount = 1 << 14;
    private const int MaxBytes = 256;
    private static readonly string?[] s_slots = new string?[SlotCount];

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return string.Empty;
        if (utf8.Length > MaxBytes) return Encoding.UTF8.GetString(utf8);
        var hash = new HashCode();
        hash.AddBytes(utf8);
        ref var slot = ref s_slots[hash.ToHashCode() & (SlotCount - 1)];
        var s = slot;
        if (s is not null && s.Length == utf8.Length && Ascii.Equals(utf8, s)) return s;
        s = Encoding.UTF8.GetString(utf8);
        if (s.Length == utf8.Length) slot = s; // ASCII (one byte per char)
        return s;
    }
}
