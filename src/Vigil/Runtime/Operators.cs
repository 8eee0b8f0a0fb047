using System.Globalization;
using System.Net;
using Vigil.Events;

namespace Vigil.Runtime;

public enum ValueOperator
{
    Equal,
    NotEqual,
    Less,
    Greater,
    LessOrEqual,
    GreaterOrEqual,
    Add,
    Subtract,
    Multiply,
    Divide,
}

/// <summary>
/// Operator semantics of the XP languages (spec normalization §3.2, correlation §3.1). Never throws.
/// <list type="bullet">
/// <item>Equality: null == null; null equals nothing else. Numbers compare numerically with each other and with
/// strings holding a number (<c>$code == 200</c> where $code is "200"). Strings compare exactly (ordinal,
/// case-sensitive). Datetimes, IPs and MACs compare by value, also against text that parses as one
/// (<c>src.ip == "10.0.0.1"</c>); IPv4-mapped IPv6 equals its IPv4 address. Bools equal bools, or the text
/// "true"/"false" in any case. Lists compare item by item; maps by identity (XML elements by their text).</item>
/// <item>Ordering (&lt; &gt; &lt;= &gt;=): false when either side is null or the two cannot be ordered. Numeric when
/// both sides are numbers or numeric strings — two strings that both hold integers order numerically, so "9" &lt; "10"
/// (log fields arrive as text); other strings order ordinally. Datetimes/IPs also against parseable text.</item>
/// <item>Arithmetic: 64-bit integer, wrapping on overflow; a double operand (from JSON) makes it double.
/// Strings holding integers take part as numbers. Division truncates toward zero; division by zero → null.</item>
/// <item><c>+</c>: null on either side → null. Number + number adds. String + string concatenates.
/// Number + string: when the string holds an integer the two are added (counters read from text fields),
/// otherwise the number's decimal text is concatenated (<c>"port " + 80</c> → "port 80"). Other scalars (datetime,
/// ip, bool) concatenate by their text form with a string. Anything else → null.</item>
/// <item>Truthiness: bool as is; null is false; any other value is true.</item>
/// </list>
/// </summary>
public static class Operators
{
    public static Value Binary(ValueOperator op, in Value left, in Value right) => op switch
    {
        ValueOperator.Equal => Value.Bool(AreEqual(left, right)),
        ValueOperator.NotEqual => Value.Bool(!AreEqual(left, right)),
        ValueOperator.Less => Value.Bool(Less(left, right)),
        ValueOperator.Greater => Value.Bool(Greater(left, right)),
        ValueOperator.LessOrEqual => Value.Bool(LessOrEqual(left, right)),
        ValueOperator.GreaterOrEqual => Value.Bool(GreaterOrEqual(left, right)),
        ValueOperator.Add => Add(left, right),
        ValueOperator.Subtract => Subtract(left, right),
        ValueOperator.Multiply => Multiply(left, right),
        ValueOperator.Divide => Divide(left, right),
        _ => Value.Null,
    };

    // ------------------------------------------------------------------ equality

    public static bool AreEqual(in Value a, in Value b)
    {
        if (a.Kind == b.Kind)
        {
            switch (a.Kind)
            {
                case ValueKind.Null: return true;
                case ValueKind.String: return string.Equals(a.AsString, b.AsString, StringComparison.Ordinal);
                case ValueKind.Number:
                case ValueKind.Bool:
                case ValueKind.DateTime:
                case ValueKind.Mac:
                    return a.AsNumber == b.AsNumber; // same 64-bit payload
                case ValueKind.Double: return a.AsDouble == b.AsDouble;
                case ValueKind.Ip: return IpEquals(a.AsIp, b.AsIp);
                case ValueKind.List: return ListEquals(a.AsList, b.AsList);
                case ValueKind.Bytes: return a.AsBytes.AsSpan().SequenceEqual(b.AsBytes);
                case ValueKind.Map:
                    if (ReferenceEquals(a.AsMap, b.AsMap)) return true;
                    return a.AsMap.Text is { } ta && b.AsMap.Text is { } tb && string.Equals(ta, tb, StringComparison.Ordinal);
            }
            return false;
        }
        if (a.IsNull || b.IsNull) return false;
        return MixedEquals(a, b) ?? MixedEquals(b, a) ?? false;
    }

    // Equality of two different kinds seen from `a`'s side; null = "a's kind has no rule for b".
    private static bool? MixedEquals(in Value a, in Value b)
    {
        switch (a.Kind)
        {
            case ValueKind.Number:
            case ValueKind.Double:
                return TryNumeric(a, b, out int order) ? order == 0 : b.Kind == ValueKind.String ? false : null;
            case ValueKind.DateTime:
                if (b.Kind is ValueKind.String or ValueKind.Map)
                {
                    var t = FieldCoercion.ToDateTime(b);
                    return !t.IsNull && t.AsTicks == a.AsTicks;
                }
                return null;
            case ValueKind.Ip:
                if (b.Kind is ValueKind.String or ValueKind.Map)
                    return b.ToText() is { } ipText && NetParsers.TryParseIp(ipText, out var ip) && IpEquals(a.AsIp, ip!);
                return null;
            case ValueKind.Mac:
                if (b.Kind is ValueKind.String or ValueKind.Map)
                    return b.ToText() is { } macText && NetParsers.TryParseMac(macText, out long mac) && mac == a.AsMac;
                return null;
            case ValueKind.Bool:
                if (b.Kind == ValueKind.String)
                    return b.AsString.Equals(a.AsBool ? "true" : "false", StringComparison.OrdinalIgnoreCase);
                return null;
            case ValueKind.Map:
                // An XML element used as a value compares by its text.
                return a.AsMap.Text is { } text ? AreEqual(Value.String(text), b) : null;
            default:
                return null;
        }
    }

    private static bool ListEquals(IReadOnlyList<Value> x, IReadOnlyList<Value> y)
    {
        if (ReferenceEquals(x, y)) return true;
        if (x.Count != y.Count) return false;
        for (int i = 0; i < x.Count; i++)
            if (!AreEqual(x[i], y[i])) return false;
        return true;
    }

    private static bool IpEquals(IPAddress x, IPAddress y)
    {
        if (x.AddressFamily != y.AddressFamily)
        {
            if (x.IsIPv4MappedToIPv6) x = x.MapToIPv4();
            if (y.IsIPv4MappedToIPv6) y = y.MapToIPv4();
        }
        Span<byte> bx = stackalloc byte[16], by = stackalloc byte[16];
        return x.TryWriteBytes(bx, out int nx) && y.TryWriteBytes(by, out int ny) && bx[..nx].SequenceEqual(by[..ny]);
    }

    // ------------------------------------------------------------------ ordering

    public static bool Less(in Value a, in Value b) => TryCompare(a, b, out int c) && c < 0;
    public static bool Greater(in Value a, in Value b) => TryCompare(a, b, out int c) && c > 0;
    public static bool LessOrEqual(in Value a, in Value b) => TryCompare(a, b, out int c) && c <= 0;
    public static bool GreaterOrEqual(in Value a, in Value b) => TryCompare(a, b, out int c) && c >= 0;

    /// <summary>Orders two values; false when either is null or they cannot be ordered (then every ordering operator is false).</summary>
    public static bool TryCompare(in Value a, in Value b, out int order)
    {
        order = 0;
        if (a.IsNull || b.IsNull) return false;
        var ka = Scalar(a);
        var kb = Scalar(b);
        if (TryNumeric(ka, kb, out order)) return true;
        if (ka.Kind == ValueKind.String && kb.Kind == ValueKind.String)
        {
            order = Math.Sign(string.CompareOrdinal(ka.AsString, kb.AsString));
            return true;
        }
        if (ka.Kind == ValueKind.DateTime || kb.Kind == ValueKind.DateTime)
        {
            var ta = FieldCoercion.ToDateTime(ka);
            var tb = FieldCoercion.ToDateTime(kb);
            if (ta.IsNull || tb.IsNull) return false;
            order = ta.AsTicks.CompareTo(tb.AsTicks);
            return true;
        }
        if (ka.Kind == ValueKind.Ip || kb.Kind == ValueKind.Ip)
        {
            if (!TryIp(ka, out var ia) || !TryIp(kb, out var ib)) return false;
            order = CompareIp(ia, ib);
            return true;
        }
        if (ka.Kind == kb.Kind && ka.Kind is ValueKind.Bool or ValueKind.Mac)
        {
            order = ka.AsNumber.CompareTo(kb.AsNumber);
            return true;
        }
        return false;
    }

    // XML elements take part in comparisons by their text.
    private static Value Scalar(in Value v) => v.Kind == ValueKind.Map && v.AsMap.Text is { } t ? Value.String(t) : v;

    private static bool TryIp(in Value v, out IPAddress ip)
    {
        if (v.Kind == ValueKind.Ip) { ip = v.AsIp; return true; }
        if (v.Kind == ValueKind.String && NetParsers.TryParseIp(v.AsString, out var parsed)) { ip = parsed!; return true; }
        ip = IPAddress.None;
        return false;
    }

    private static int CompareIp(IPAddress x, IPAddress y)
    {
        if (x.IsIPv4MappedToIPv6) x = x.MapToIPv4();
        if (y.IsIPv4MappedToIPv6) y = y.MapToIPv4();
        Span<byte> bx = stackalloc byte[16], by = stackalloc byte[16];
        x.TryWriteBytes(bx, out int nx);
        y.TryWriteBytes(by, out int ny);
        if (nx != ny) return nx.CompareTo(ny); // IPv4 before IPv6
        return Math.Sign(bx[..nx].SequenceCompareTo(by[..ny]));
    }

    /// <summary>
    /// Numeric comparison when both sides are numeric: numbers/doubles, or strings holding a number, provided at
    /// least one side is a number or both strings hold integers.
    /// </summary>
    private static bool TryNumeric(in Value a, in Value b, out int order)
    {
        order = 0;
        bool aNum = a.Kind is ValueKind.Number or ValueKind.Double;
        bool bNum = b.Kind is ValueKind.Number or ValueKind.Double;
        if (!aNum && !bNum && !(a.Kind == ValueKind.String && b.Kind == ValueKind.String)) return false;
        if (!ToNumber(a, out long la, out double da, out bool aIsDouble)) return false;
        if (!ToNumber(b, out long lb, out double db, out bool bIsDouble)) return false;
        if (!aNum && !bNum && (aIsDouble || bIsDouble)) return false; // "1.5" vs "2": text, not numbers
        order = aIsDouble || bIsDouble ? (aIsDouble ? da : la).CompareTo(bIsDouble ? db : lb) : la.CompareTo(lb);
        return true;
    }

    // Integer when possible; a double from a double value or from text such as "1.5".
    private static bool ToNumber(in Value v, out long l, out double d, out bool isDouble)
    {
        l = 0;
        d = 0;
        isDouble = false;
        switch (v.Kind)
        {
            case ValueKind.Number: l = v.AsNumber; return true;
            case ValueKind.Double: d = v.AsDouble; isDouble = true; return true;
            case ValueKind.String:
                var s = v.AsString;
                if (s.Length == 0 || s.Length > 64) return false;
                if (Value.TryParseInteger(s, out l)) return true;
                if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d) && double.IsFinite(d))
                {
                    isDouble = true;
                    return true;
                }
                return false;
            default: return false;
        }
    }

    // ------------------------------------------------------------------ arithmetic

    public static Value Add(in Value a, in Value b)
    {
        // null is the identity of +: `$reason = reason + object.name` with no reason gives the name
        // (PsLoggedon_usage test 4 expects "winreg_lsarpc" built that way).
        if (a.IsNull) return b.Kind == ValueKind.Map ? Value.String(b.AsMap.Text) : b;
        if (b.IsNull) return a.Kind == ValueKind.Map ? Value.String(a.AsMap.Text) : a;
        var x = Scalar(a);
        var y = Scalar(b);
        if (x.Kind == ValueKind.String && y.Kind == ValueKind.String) return Value.String(string.Concat(x.AsString, y.AsString));
        if (x.Kind is ValueKind.Number or ValueKind.Double || y.Kind is ValueKind.Number or ValueKind.Double)
        {
            var sum = Arithmetic(x, y, '+');
            if (!sum.IsNull) return sum;
        }
        // Text concatenation when one side is text and the other has a text form (number, datetime, ip, bool).
        if (x.Kind == ValueKind.String || y.Kind == ValueKind.String)
        {
            var tx = x.ToText();
            var ty = y.ToText();
            if (tx is not null && ty is not null) return Value.String(string.Concat(tx, ty));
        }
        return Value.Null;
    }

    public static Value Subtract(in Value a, in Value b) => Arithmetic(a, b, '-');
    public static Value Multiply(in Value a, in Value b) => Arithmetic(a, b, '*');
    public static Value Divide(in Value a, in Value b) => Arithmetic(a, b, '/');

    /// <summary>Integer division truncating toward zero; null for division by zero (long.MinValue / -1 wraps).</summary>
    public static Value IntDivide(long a, long b) => b == 0 ? Value.Null : Value.Number(b == -1 ? unchecked(-a) : a / b);

    public static Value Negate(in Value a)
    {
        if (!ToNumber(Scalar(a), out long l, out double d, out bool isDouble)) return Value.Null;
        return isDouble ? Value.Double(-d) : Value.Number(unchecked(-l));
    }

    private static Value Arithmetic(in Value a, in Value b, char op)
    {
        if (!ToNumber(Scalar(a), out long la, out double da, out bool aIsDouble)
            || !ToNumber(Scalar(b), out long lb, out double db, out bool bIsDouble))
            return Value.Null;
        if (aIsDouble || bIsDouble)
        {
            double x = aIsDouble ? da : la, y = bIsDouble ? db : lb;
            double r = op switch { '+' => x + y, '-' => x - y, '*' => x * y, _ => y == 0 ? double.NaN : x / y };
            return double.IsFinite(r) ? Value.Double(r) : Value.Null;
        }
        return op switch
        {
            '+' => Value.Number(unchecked(la + lb)),
            '-' => Value.Number(unchecked(la - lb)),
            '*' => Value.Number(unchecked(la * lb)),
            _ => IntDivide(la, lb),
        };
    }

    // ------------------------------------------------------------------ truthiness

    /// <summary>Truth value in if/and/or/not: bool as is, null false, anything else true.</summary>
    public static bool IsTruthy(in Value v) => v.Kind switch
    {
        ValueKind.Bool => v.AsBool,
        ValueKind.Null => false,
        _ => true,
    };

    public static Value Not(in Value v) => Value.Bool(!IsTruthy(v));
}
