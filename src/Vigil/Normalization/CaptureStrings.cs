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
        ref var slot = ref _slots[string.GetHashCode(text) & (SlotCount - 1)];
        var s = slot;
        if (s is not null && text.SequenceEqual(s)) return s;
        return slot = text.ToString();
    }
}
