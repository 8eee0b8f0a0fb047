using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using Vigil.Events;

namespace Vigil.Runtime;

/// <summary>
/// Argument access shared by the library. One rule for all functions: a string parameter accepts any scalar
/// through its text form (<see cref="Value.ToText"/>: numbers in decimal, times ISO, IPs canonical, XML elements
/// by their text); null, lists, buffers and plain maps have no text, so the function returns null.
/// A missing optional argument reads as null.
/// </summary>
internal static class Args
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value At(ReadOnlySpan<Value> args, int i) => (uint)i < (uint)args.Length ? args[i] : Value.Null;

    /// <summary>Text of argument i; the string itself (no copy) when it is a string.</summary>
    public static bool Text(ReadOnlySpan<Value> args, int i, [NotNullWhen(true)] out string? s)
    {
        if ((uint)i < (uint)args.Length)
        {
            ref readonly var v = ref args[i];
            s = v.Kind == ValueKind.String ? v.AsString : v.ToText();
            return s is not null;
        }
        s = null;
        return false;
    }

    /// <summary>Integer argument: a number, an integral double, or a string holding a decimal integer.</summary>
    public static bool Integer(ReadOnlySpan<Value> args, int i, out long n)
    {
        if ((uint)i < (uint)args.Length) return args[i].TryGetNumber(out n);
        n = 0;
        return false;
    }
}

/// <summary>
/// The language counts string positions in UTF-8 bytes (spec §7). .NET strings are UTF-16, so these helpers
/// translate; ASCII text (nearly all log data) takes paths that neither encode nor allocate.
/// </summary>
internal static class Utf8Text
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>UTF-8 byte length of s (lone surrogates count as the 3-byte replacement character).</summary>
    public static int ByteCount(ReadOnlySpan<char> s) => Ascii.IsValid(s) ? s.Length : Utf8.GetByteCount(s);

    /// <summary>
    /// Bytes [start, start+length) of the UTF-8 form of s, decoded back to text. Offsets that cut a multi-byte
    /// character leave a partial sequence, which decodes to U+FFFD (a .NET string cannot hold raw bytes).
    /// </summary>
    public static string ByteSlice(string s, int start, int length)
    {
        if (length <= 0) return string.Empty;
        if (Ascii.IsValid(s)) return start == 0 && length == s.Length ? s : s.Substring(start, length);
        int total = Utf8.GetByteCount(s);
        byte[]? rented = null;
        Span<byte> buf = total <= 512 ? stackalloc byte[512] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(total));
        try
        {
            int written = Utf8.GetBytes(s, buf);
            return Utf8.GetString(buf.Slice(start, Math.Min(length, written - start)));
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }
}

/// <summary>A per-thread reusable StringBuilder for functions that build one string per call (join, replace).</summary>
internal static class StringBuilderCache
{
    private const int MaxCached = 4096;
    [ThreadStatic] private static StringBuilder? _cached;

    public static StringBuilder Acquire(int capacity)
    {
        var sb = _cached;
        if (sb is not null && capacity <= sb.Capacity)
        {
            _cached = null;
            sb.Clear();
            return sb;
        }
        return new StringBuilder(Math.Max(capacity, 16));
    }

    public static string GetStringAndRelease(StringBuilder sb)
    {
        var s = sb.ToString();
        if (sb.Capacity <= MaxCached) _cached = sb;
        return s;
    }
}
