using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;

namespace Vigil.Events;

/// <summary>What a <see cref="Value"/> holds. Null is the default so that <c>default(Value)</c> is null.</summary>
public enum ValueKind : byte
{
    Null = 0,
    String,
    Number,
    Double,
    Bool,
    DateTime,
    Ip,
    Mac,
    List,
    Map,
    Bytes,
}

/// <summary>
/// One runtime value of the XP languages: a small struct (kind + 64-bit payload + one reference),
/// so numbers, booleans, times and MACs never allocate. Strings, IPs, lists and maps live in the reference.
/// </summary>
public readonly struct Value
{
    private readonly object? _ref;
    private readonly long _bits;
    public readonly ValueKind Kind;

    private Value(ValueKind kind, long bits, object? reference)
    {
        Kind = kind;
        _bits = bits;
        _ref = reference;
    }

    public static readonly Value Null;
    public static readonly Value True = new(ValueKind.Bool, 1, null);
    public static readonly Value False = new(ValueKind.Bool, 0, null);
    public static readonly Value Empty = new(ValueKind.String, 0, string.Empty);

    public static Value String(string? s) => s is null ? Null : new(ValueKind.String, 0, s);
    public static Value Number(long n) => new(ValueKind.Number, n, null);
    public static Value Double(double d) => new(ValueKind.Double, BitConverter.DoubleToInt64Bits(d), null);
    public static Value Bool(bool b) => b ? True : False;
    /// <summary>An instant as <see cref="System.DateTime.Ticks"/> in UTC.</summary>
    public static Value DateTime(long utcTicks) => new(ValueKind.DateTime, utcTicks, null);
    public static Value DateTime(DateTime utc) => new(ValueKind.DateTime, utc.Ticks, null);
    public static Value Ip(IPAddress? ip) => ip is null ? Null : new(ValueKind.Ip, 0, ip);
    /// <summary>A MAC address held as its 48 bits.</summary>
    public static Value Mac(long mac48) => new(ValueKind.Mac, mac48, null);
    public static Value List(IReadOnlyList<Value>? items) => items is null ? Null : new(ValueKind.List, 0, items);
    public static Value Map(IValueMap? map) => map is null ? Null : new(ValueKind.Map, 0, map);
    public static Value Bytes(byte[]? bytes) => bytes is null ? Null : new(ValueKind.Bytes, 0, bytes);

    public bool IsNull => Kind == ValueKind.Null;
    public bool IsString => Kind == ValueKind.String;

    public string AsString => (string)_ref!;
    public long AsNumber => _bits;
    public double AsDouble => BitConverter.Int64BitsToDouble(_bits);
    public bool AsBool => _bits != 0;
    public long AsTicks => _bits;
    public IPAddress AsIp => (IPAddress)_ref!;
    public long AsMac => _bits;
    public IReadOnlyList<Value> AsList => (IReadOnlyList<Value>)_ref!;
    public IValueMap AsMap => (IValueMap)_ref!;
    public byte[] AsBytes => (byte[])_ref!;

    /// <summary>The string if this is a string, else null (no conversion).</summary>
    public string? StringOrNull => Kind == ValueKind.String ? (string)_ref! : null;

    /// <summary>
    /// Text form used where the language needs a string (concatenation, string functions, string fields):
    /// numbers in decimal, times as ISO-8601 UTC with milliseconds, IPs canonical, bools "true"/"false",
    /// maps by their own text (XML elements). Null, lists and buffers have no text form.
    /// </summary>
    public string? ToText()
    {
        switch (Kind)
        {
            case ValueKind.String: return (string)_ref!;
            case ValueKind.Number: return _bits.ToString(CultureInfo.InvariantCulture);
            case ValueKind.Double: return AsDouble.ToString("R", CultureInfo.InvariantCulture);
            case ValueKind.Bool: return _bits != 0 ? "true" : "false";
            case ValueKind.DateTime: return FormatTime(_bits);
            case ValueKind.Ip: return ((IPAddress)_ref!).ToString();
            case ValueKind.Mac: return FormatMac(_bits);
            case ValueKind.Map: return ((IValueMap)_ref!).Text;
            default: return null;
        }
    }

    /// <summary>
    /// Writes <see cref="ToText"/> into <paramref name="destination"/> without allocating, for the kinds whose text
    /// is short and fixed-format; false for other kinds (or too small a buffer), where callers fall back to ToText.
    /// </summary>
    public bool TryFormatText(Span<char> destination, out int written)
    {
        switch (Kind)
        {
            case ValueKind.Number: return _bits.TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
            case ValueKind.Ip: return ((IPAddress)_ref!).TryFormat(destination, out written);
            case ValueKind.DateTime:
                return new DateTime(_bits, DateTimeKind.Utc).TryFormat(destination, out written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            case ValueKind.Bool:
                var b = _bits != 0 ? "true" : "false";
                written = b.Length;
                return b.TryCopyTo(destination);
            default: written = 0; return false;
        }
    }

    /// <summary>Hash of the text form (ordinal), computed without allocating for strings, numbers, IPs, times and bools.</summary>
    public int TextHash()
    {
        if (Kind == ValueKind.String) return string.GetHashCode(((string)_ref!).AsSpan());
        if (Kind == ValueKind.Null) return 0;
        Span<char> buffer = stackalloc char[64];
        if (TryFormatText(buffer, out int n)) return string.GetHashCode(buffer[..n]);
        return ToText() is { } t ? string.GetHashCode(t.AsSpan()) : KeyHash();
    }

    /// <summary>Equality of text forms: values of one kind compare as <see cref="SameAs"/>, others by their text.</summary>
    public bool SameText(in Value other)
    {
        if (Kind == other.Kind && Kind != ValueKind.Map) return SameAs(other);
        if (Kind == ValueKind.Null || other.Kind == ValueKind.Null) return false;
        return ToText() is { } a && string.Equals(a, other.ToText(), StringComparison.Ordinal);
    }

    /// <summary>Number, or a string holding a decimal integer.</summary>
    public bool TryGetNumber(out long n)
    {
        switch (Kind)
        {
            case ValueKind.Number: n = _bits; return true;
            case ValueKind.Double:
                var d = AsDouble;
                n = (long)d;
                return d == Math.Floor(d) && !double.IsInfinity(d);
            case ValueKind.String: return TryParseInteger((string)_ref!, out n);
            case ValueKind.Bool: n = _bits; return true;
            case ValueKind.Map:
                var t = ((IValueMap)_ref!).Text;
                n = 0;
                return t is not null && TryParseInteger(t, out n);
            default: n = 0; return false;
        }
    }

    public static bool TryParseInteger(ReadOnlySpan<char> s, out long n)
    {
        s = s.Trim();
        return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n);
    }

    public static string FormatTime(long utcTicks)
    {
        var dt = new DateTime(utcTicks, DateTimeKind.Utc);
        return string.Create(24, dt, static (span, d) =>
        {
            d.TryFormat(span, out _, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        });
    }

    public static string FormatMac(long mac)
    {
        Span<char> buf = stackalloc char[17];
        const string hex = "0123456789ABCDEF";
        for (int i = 0; i < 6; i++)
        {
            int b = (int)((mac >> ((5 - i) * 8)) & 0xFF);
            buf[i * 3] = hex[b >> 4];
            buf[i * 3 + 1] = hex[b & 0xF];
            if (i < 5) buf[i * 3 + 2] = ':';
        }
        return new string(buf);
    }

    public override string ToString() => Kind switch
    {
        ValueKind.Null => "null",
        ValueKind.String => "\"" + AsString + "\"",
        ValueKind.List => "[" + string.Join(", ", AsList.Select(v => v.ToString())) + "]",
        ValueKind.Map => "{map}",
        ValueKind.Bytes => $"<{AsBytes.Length} bytes>",
        _ => ToText() ?? "?",
    };

    /// <summary>Identity of two values for keys and sets: same kind and payload (strings ordinal).</summary>
    public bool SameAs(in Value other)
    {
        if (Kind != other.Kind) return false;
        return Kind switch
        {
            ValueKind.Null => true,
            ValueKind.String => string.Equals((string)_ref!, (string)other._ref!, StringComparison.Ordinal),
            ValueKind.Ip => ((IPAddress)_ref!).Equals((IPAddress)other._ref!),
            ValueKind.List or ValueKind.Map or ValueKind.Bytes => ReferenceEquals(_ref, other._ref),
            _ => _bits == other._bits,
        };
    }

    public int KeyHash() => Kind switch
    {
        ValueKind.Null => 0,
        ValueKind.String => string.GetHashCode((string)_ref!, StringComparison.Ordinal),
        ValueKind.Ip => _ref!.GetHashCode(),
        ValueKind.List or ValueKind.Map or ValueKind.Bytes => RuntimeHelpers.GetHashCode(_ref!),
        _ => HashCode.Combine(Kind, _bits),
    };
}

/// <summary>Equality comparer using <see cref="Value.SameAs"/>: for dictionaries keyed by values.</summary>
public sealed class ValueKeyComparer : IEqualityComparer<Value>
{
    public static readonly ValueKeyComparer Instance = new();
    public bool Equals(Value x, Value y) => x.SameAs(y);
    public int GetHashCode(Value obj) => obj.KeyHash();
}
