using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using Vigil.Events;

namespace Vigil.Runtime;

/// <summary>string, number*, bool, hex_to_string, div, mod, flip_endianness*.</summary>
internal static class ConversionFunctions
{
    /// <summary>string(x): the text form (number decimal, datetime ISO-8601 UTC with ms, ip, mac, bool "true"/"false").</summary>
    public static Value String(ReadOnlySpan<Value> args)
    {
        var v = Args.At(args, 0);
        return v.Kind == ValueKind.String ? v : Value.String(v.ToText());
    }

    /// <summary>number(s) / maybe_number(s): decimal integer, sign and surrounding blanks allowed; anything else → null.</summary>
    public static Value Number(ReadOnlySpan<Value> args)
    {
        var v = Args.At(args, 0);
        if (v.Kind == ValueKind.Number) return v;
        return v.Kind is ValueKind.String or ValueKind.Double or ValueKind.Map && v.TryGetNumber(out long n)
            ? Value.Number(n) : Value.Null;
    }

    /// <summary>
    /// number16(s) / maybe_number16(s): hexadecimal, optional sign and 0x prefix (<c>"0x3e7"</c> → 999,
    /// <c>"-245e"</c> → -9310). Up to 16 digits; 16-digit values are two's complement (<c>"ffffffffffffffff"</c> → -1),
    /// as auditd prints 64-bit registers. Non-string scalars are parsed from their text form.
    /// </summary>
    public static Value Number16(ReadOnlySpan<Value> args) =>
        Args.Text(args, 0, out var s) && TryParseRadix(s, 16, out long n) ? Value.Number(n) : Value.Null;

    /// <summary>number8(s) / maybe_number8(s): octal, optional sign (<c>"-245"</c> → -165).</summary>
    public static Value Number8(ReadOnlySpan<Value> args) =>
        Args.Text(args, 0, out var s) && TryParseRadix(s, 8, out long n) ? Value.Number(n) : Value.Null;

    internal static bool TryParseRadix(ReadOnlySpan<char> s, int radix, out long value)
    {
        value = 0;
        s = s.Trim();
        bool negative = false;
        if (!s.IsEmpty && (s[0] == '-' || s[0] == '+')) { negative = s[0] == '-'; s = s[1..]; }
        if (radix == 16 && s.Length > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s = s[2..];
        if (s.IsEmpty) return false;
        int bitsPerDigit = radix == 16 ? 4 : 3;
        ulong acc = 0;
        int significantBits = 0;
        foreach (char c in s)
        {
            int d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (d >= radix) return false;
            if (acc == 0 && d == 0) continue; // leading zeros never overflow
            significantBits = significantBits == 0 ? 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)d) : significantBits + bitsPerDigit;
            if (significantBits > 64) return false;
            acc = (acc << bitsPerDigit) | (uint)d;
        }
        long n = unchecked((long)acc);
        value = negative ? unchecked(-n) : n;
        return true;
    }

    /// <summary>
    /// bool(x): false for null, false, 0, "" , "0" and "false" in any letter case (the docs list "false" and "False";
    /// "FALSE" meaning true would only surprise); everything else is true.
    /// </summary>
    public static Value Bool(ReadOnlySpan<Value> args)
    {
        var v = Args.At(args, 0);
        switch (v.Kind)
        {
            case ValueKind.Null: return Value.False;
            case ValueKind.Bool: return v;
            case ValueKind.Number: return Value.Bool(v.AsNumber != 0);
            case ValueKind.Double: return Value.Bool(v.AsDouble != 0);
            case ValueKind.String:
                return Value.Bool(TextIsTrue(v.AsString));
            case ValueKind.Map when v.AsMap.Text is { } text: // an XML element such as <Enabled>false</Enabled>
                return Value.Bool(TextIsTrue(text));
            default: return Value.True;
        }
    }

    private static bool TextIsTrue(string s) =>
        !(s.Length == 0 || s == "0" || s.Equals("false", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// hex_to_string(s): decode an even-length hex string into bytes and those bytes as UTF-8 text (NUL bytes kept:
    /// auditd proctitle separates arguments with them). When s is not even-length hex, or the bytes are not valid
    /// UTF-8, s is returned unchanged — formulas detect failure by comparing the result with the input
    /// (auditd formulas retry with <c>substr(proctitle, 0, 254)</c> when a multi-byte character was cut).
    /// </summary>
    public static Value HexToString(ReadOnlySpan<Value> args)
    {
        var v = Args.At(args, 0);
        if (!Args.Text(args, 0, out var s)) return Value.Null;
        var unchanged = v.Kind == ValueKind.String ? v : Value.String(s);
        if (s.Length == 0 || (s.Length & 1) != 0) return unchanged;
        int n = s.Length / 2;
        byte[]? rented = null;
        Span<byte> bytes = n <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(n));
        try
        {
            bytes = bytes[..n];
            if (Convert.FromHexString(s, bytes, out _, out int written) != OperationStatus.Done || written != n)
                return unchanged;
            if (!Utf8.IsValid(bytes)) return unchanged;
            return Value.String(Encoding.UTF8.GetString(bytes));
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>div(a, b): integer division truncating toward zero; b = 0 → null.</summary>
    public static Value Div(ReadOnlySpan<Value> args) =>
        Args.Integer(args, 0, out long a) && Args.Integer(args, 1, out long b) ? Operators.IntDivide(a, b) : Value.Null;

    /// <summary>mod(a, b): remainder with the sign of a (C semantics: mod(2, 7) = 2); b = 0 → null.</summary>
    public static Value Mod(ReadOnlySpan<Value> args)
    {
        if (!Args.Integer(args, 0, out long a) || !Args.Integer(args, 1, out long b) || b == 0) return Value.Null;
        return Value.Number(b == -1 ? 0 : a % b); // long.MinValue % -1 would overflow
    }

    /// <summary>flip_endianness16(x): byte-swap the low 16 bits ("256" → 1); the result is unsigned.</summary>
    public static Value Flip16(ReadOnlySpan<Value> args) =>
        Args.Integer(args, 0, out long n) ? Value.Number(BinaryPrimitives.ReverseEndianness(unchecked((ushort)n))) : Value.Null;

    /// <summary>flip_endianness32(x): byte-swap the low 32 bits ("256" → 65536); the result is unsigned.</summary>
    public static Value Flip32(ReadOnlySpan<Value> args) =>
        Args.Integer(args, 0, out long n) ? Value.Number(BinaryPrimitives.ReverseEndianness(unchecked((uint)n))) : Value.Null;

    /// <summary>flip_endianness64(x): byte-swap all 64 bits ("256" → 281474976710656); results ≥ 2^63 wrap negative.</summary>
    public static Value Flip64(ReadOnlySpan<Value> args) =>
        Args.Integer(args, 0, out long n) ? Value.Number(BinaryPrimitives.ReverseEndianness(n)) : Value.Null;
}
