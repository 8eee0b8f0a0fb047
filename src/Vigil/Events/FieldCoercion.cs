namespace Vigil.Events;

/// <summary>
/// Converts a value written to a field into the field's taxonomy type (spec normalization §8.1).
/// A value that cannot be converted yields null, which leaves the field unset: bad input never throws.
/// </summary>
public static class FieldCoercion
{
    /// <summary>The value kind <see cref="Coerce"/> returns unchanged for a field of this type (Null: any kind may change).</summary>
    public static ValueKind KindKeptAsIs(FieldType type) => type switch
    {
        FieldType.String or FieldType.Enum or FieldType.Uuid => ValueKind.String,
        FieldType.Number => ValueKind.Number,
        FieldType.DateTime => ValueKind.DateTime,
        _ => ValueKind.Null,
    };

    public static Value Coerce(FieldInfo field, Value v)
    {
        if (v.IsNull) return v;
        switch (field.Type)
        {
            case FieldType.String:
            case FieldType.Enum:
            case FieldType.Uuid:
                if (v.Kind == ValueKind.String) return v;
                return Value.String(v.ToText());
            case FieldType.Number:
                if (v.Kind == ValueKind.Number) return v;
                if (v.Kind == ValueKind.DateTime) return Value.Null;
                return v.TryGetNumber(out long n) ? Value.Number(n) : Value.Null;
            case FieldType.DateTime:
                return ToDateTime(v);
            case FieldType.Ip:
                if (v.Kind == ValueKind.Ip) return v;
                {
                    // Validated, but kept as written: the corpus expects IPv6 text as the source wrote it
                    // ("fe80:0:0:0:116b:…", Sysmon 3 test 1), not in canonical form.
                    var t = v.ToText()?.Trim();
                    if (t is null || !NetParsers.IsIp(t)) return Value.Null;
                    return v.Kind == ValueKind.String && ReferenceEquals(t, v.AsString) ? v : Value.String(t);
                }
            case FieldType.Mac:
                if (v.Kind == ValueKind.Mac) return v;
                {
                    var t = v.ToText();
                    return t is not null && NetParsers.TryParseMac(t, out long mac) ? Value.Mac(mac) : Value.Null;
                }
            case FieldType.Bool:
                return v.Kind switch
                {
                    ValueKind.Bool => v,
                    ValueKind.Number => Value.Bool(v.AsNumber != 0),
                    ValueKind.String => v.AsString.Trim().ToLowerInvariant() switch
                    {
                        "true" or "1" or "yes" => Value.True,
                        "false" or "0" or "no" or "" => Value.False,
                        _ => Value.Null,
                    },
                    _ => Value.Null,
                };
            case FieldType.ListString:
            case FieldType.ListUuid:
                if (v.Kind == ValueKind.List)
                {
                    var items = v.AsList;
                    var outList = new List<Value>(items.Count);
                    foreach (var item in items)
                    {
                        var t = item.ToText();
                        if (t is not null) outList.Add(Value.String(t));
                    }
                    return Value.List(outList);
                }
                {
                    var t = v.ToText();
                    return t is null ? Value.Null : Value.List(new[] { Value.String(t) });
                }
            default:
                return v;
        }
    }

    public static Value ToDateTime(Value v)
    {
        switch (v.Kind)
        {
            case ValueKind.DateTime: return v;
            case ValueKind.Number: return EpochSeconds(v.AsNumber);
            case ValueKind.String:
                {
                    var s = v.AsString;
                    if (TimeParser.TryParse(s, out long ticks)) return Value.DateTime(ticks);
                    if (Value.TryParseInteger(s, out long n)) return EpochSeconds(n);
                    return Value.Null;
                }
            case ValueKind.Map:
                {
                    var t = v.AsMap.Text;
                    return t is not null && TimeParser.TryParse(t, out long ticks) ? Value.DateTime(ticks) : Value.Null;
                }
            default: return Value.Null;
        }
    }

    private static Value EpochSeconds(long seconds)
    {
        const long maxSeconds = 253402300799; // 9999-12-31T23:59:59Z
        if (seconds < -62135596800 || seconds > maxSeconds) return Value.Null;
        return Value.DateTime(DateTime.UnixEpoch.Ticks + seconds * TimeSpan.TicksPerSecond);
    }
}
