using DuckDB.NET.Data;
using Vigil.Events;

namespace Vigil.Storage;

/// <summary>
/// Writes the field columns of one <c>events_data</c> appender row: for each stored field, in column order, the
/// event's typed value or NULL.
/// </summary>
internal static class EventColumns
{
    public static IDuckDBAppenderRow AppendFields(IDuckDBAppenderRow row, NormalizedEvent e, IReadOnlyList<FieldInfo> stored)
    {
        for (int i = 0; i < stored.Count; i++)
        {
            var f = stored[i];
            row = e.Has(f.Id) ? AppendValue(row, f, e[f.Id]) : row.AppendNullValue();
        }
        return row;
    }

    public static IDuckDBAppenderRow AppendNulls(IDuckDBAppenderRow row, int count)
    {
        for (int i = 0; i < count; i++) row = row.AppendNullValue();
        return row;
    }

    private static IDuckDBAppenderRow AppendValue(IDuckDBAppenderRow row, FieldInfo field, Value v)
    {
        // Slots normally hold values already coerced to the field's type (NormalizedEvent.Set); SetRaw lets a
        // caller store anything, so a value of the wrong kind is coerced once more here rather than mis-typed.
        switch (field.Type)
        {
            case FieldType.Number:
                if (v.Kind != ValueKind.Number) v = FieldCoercion.Coerce(field, v);
                return v.Kind == ValueKind.Number ? row.AppendValue((long?)v.AsNumber) : row.AppendNullValue();
            case FieldType.DateTime:
                if (v.Kind != ValueKind.DateTime) v = FieldCoercion.ToDateTime(v);
                return v.Kind == ValueKind.DateTime ? row.AppendValue((DateTime?)new DateTime(v.AsTicks, DateTimeKind.Utc)) : row.AppendNullValue();
            case FieldType.Bool:
                if (v.Kind != ValueKind.Bool) v = FieldCoercion.Coerce(field, v);
                return v.Kind == ValueKind.Bool ? row.AppendValue((bool?)v.AsBool) : row.AppendNullValue();
            case FieldType.ListString:
            case FieldType.ListUuid:
                if (v.Kind != ValueKind.List) v = FieldCoercion.Coerce(field, v);
                return v.Kind == ValueKind.List ? row.AppendValue<string>(ToStrings(v.AsList)) : row.AppendNullValue();
            default:
                // String, enum, uuid, ip, mac: text columns; ToText renders IPs canonically and MACs as AA:BB:…
                var text = v.Kind == ValueKind.String ? v.AsString : v.ToText();
                return text is null ? row.AppendNullValue() : row.AppendValue(text);
        }
    }

    private static string[] ToStrings(IReadOnlyList<Value> items)
    {
        int n = 0;
        var result = new string[items.Count];
        foreach (var item in items)
            if (item.ToText() is { } t) result[n++] = t;
        if (n < result.Length) Array.Resize(ref result, n);
        return result;
    }
}
