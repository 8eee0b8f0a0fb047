using System.Globalization;
using Vigil.Events;

namespace Vigil.Tables;

/// <summary>
/// The single place where a value becomes a column value. Used for YAML defaults, test rows and
/// run-time writes alike, so a row means the same thing whichever way it arrived.
/// Conversion is lenient where the intent is unambiguous (a decimal string into a Number column,
/// a number into a String column, ISO text into a DateTime column) because rule values come from
/// event fields whose taxonomy type need not match the list's; anything else is an error, never an exception.
/// </summary>
public static class ColumnValues
{
    /// <summary>
    /// Converts <paramref name="value"/> to the canonical value of <paramref name="type"/>.
    /// Null stays null (nullability is the caller's check). A Regex column holds the pattern text; the
    /// pattern is compiled here to reject invalid ones. <paramref name="value"/> is taken by value so that
    /// converting a cell in place (<c>TryConvert(t, v[i], out v[i], …)</c>) is safe.
    /// </summary>
    public static bool TryConvert(ColumnType type, Value value, out Value typed, out string? error)
    {
        error = null;
        typed = Value.Null;
        if (value.IsNull) return true;
        switch (type)
        {
            case ColumnType.String:
                if (value.Kind is ValueKind.List or ValueKind.Bytes || (value.Kind == ValueKind.Map && value.AsMap.Text is null))
                    return Fail(out error, "a string", value);
                typed = value.IsString ? value : Value.String(value.ToText());
                return true;

            case ColumnType.Number:
                switch (value.Kind)
                {
                    case ValueKind.Number: typed = value; return true;
                    case ValueKind.Double: typed = Canonical(value.AsDouble); return true;
                    case ValueKind.String:
                        {
                            var s = value.AsString.AsSpan().Trim();
                            if (Value.TryParseInteger(s, out long n)) { typed = Value.Number(n); return true; }
                            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))
                            {
                                typed = Canonical(d);
                                return true;
                            }
                            return Fail(out error, "a number", value);
                        }
                    default: return Fail(out error, "a number", value);
                }

            case ColumnType.DateTime:
                if (value.Kind is ValueKind.DateTime or ValueKind.Number or ValueKind.String or ValueKind.Map)
                {
                    typed = FieldCoercion.ToDateTime(value);
                    if (!typed.IsNull) return true;
                }
                return Fail(out error, "a date/time (ISO-8601 text or epoch seconds)", value);

            case ColumnType.Regex:
                if (!value.IsString) return Fail(out error, "a regular expression (text)", value);
                if (!TableRegex.TryCompile(value.AsString, out _, out error)) return false;
                typed = value;
                return true;

            default:
                return Fail(out error, type.ToString(), value);
        }
    }

    /// <summary>Integral doubles become integers so that 5 and 5.0 are the same key.</summary>
    private static Value Canonical(double d) =>
        d == Math.Floor(d) && d >= long.MinValue && d <= long.MaxValue ? Value.Number((long)d) : Value.Double(d);

    private static bool Fail(out string error, string expected, in Value got)
    {
        error = $"expected {expected}, got {Describe(got)}";
        return false;
    }

    internal static string Describe(in Value v)
    {
        const int max = 60;
        string text = v.ToString();
        if (text.Length > max) text = text[..max] + "…";
        return v.Kind switch
        {
            ValueKind.String => "text " + text,
            ValueKind.Number or ValueKind.Double => "number " + text,
            ValueKind.Bool => "boolean " + text,
            ValueKind.List => "a list",
            ValueKind.Map => "an object",
            _ => text,
        };
    }
}
