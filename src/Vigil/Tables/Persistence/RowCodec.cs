using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;
using Vigil.Events;

namespace Vigil.Tables.Persistence;

/// <summary>
/// The on-disk form of one row: compact, typed, and checked against the schema when read back.
/// <code>
/// row   := version:u8(=1) writtenTicks:i64le columnCount:varint value*
/// value := 0 null | 1 string varint(len) utf8 | 2 number zigzag-varint | 3 double f64le
///        | 4 false | 5 true | 6 datetime ticks:i64le | 7 ip len:u8 bytes | 8 mac i64le
/// </code>
/// The key is not stored apart: it is the key columns of the row. A Regex column stores its pattern text as a
/// string and is compiled again on load. Column values are canonical (<see cref="ColumnValues"/>), so only
/// null, string, number, double and datetime occur today; bool, ip and mac are encoded for completeness.
/// </summary>
internal static class RowCodec
{
    public const byte Version = 1;

    private const byte TagNull = 0, TagString = 1, TagNumber = 2, TagDouble = 3, TagFalse = 4, TagTrue = 5,
        TagDateTime = 6, TagIp = 7, TagMac = 8;

    public static byte[] Encode(TableRow row)
    {
        var w = new ArrayBufferWriter<byte>(16 + row.ColumnCount * 8);
        w.Write([Version]);
        WriteInt64(w, row.WrittenTicks);
        WriteVarint(w, (ulong)row.ColumnCount);
        foreach (var v in row.Values) WriteValue(w, v);
        return w.WrittenSpan.ToArray();
    }

    /// <summary>Reads a row written by <see cref="Encode"/>; false with a reason when it does not fit <paramref name="schema"/>.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, TableSchema schema, out long writtenTicks, out Value[] values, out string? error)
    {
        writtenTicks = 0;
        values = [];
        error = null;
        int pos = 0;
        if (data.Length < 9 || data[0] != Version) return Fail(out error, $"unknown row format {(data.Length > 0 ? data[0] : -1)}");
        pos = 1;
        writtenTicks = BinaryPrimitives.ReadInt64LittleEndian(data[pos..]);
        pos += 8;
        if (!TryReadVarint(data, ref pos, out ulong count)) return Fail(out error, "truncated row");
        if (count != (ulong)schema.Columns.Length) return Fail(out error, $"{count} values for {schema.Columns.Length} columns");
        values = new Value[schema.Columns.Length];
        for (int c = 0; c < values.Length; c++)
        {
            if (!TryReadValue(data, ref pos, out values[c])) return Fail(out error, $"column '{schema.Columns[c].Name}' is damaged");
            if (!Fits(schema.Columns[c].Type, values[c].Kind))
                return Fail(out error, $"column '{schema.Columns[c].Name}' ({schema.Columns[c].Type}) holds a {values[c].Kind} value");
        }
        if (pos != data.Length) return Fail(out error, $"{data.Length - pos} stray byte(s) after the last column");
        return true;
    }

    private static bool Fits(ColumnType type, ValueKind kind) => kind == ValueKind.Null || type switch
    {
        ColumnType.String or ColumnType.Regex => kind == ValueKind.String,
        ColumnType.Number => kind is ValueKind.Number or ValueKind.Double,
        ColumnType.DateTime => kind == ValueKind.DateTime,
        _ => false,
    };

    private static void WriteValue(ArrayBufferWriter<byte> w, in Value v)
    {
        switch (v.Kind)
        {
            case ValueKind.Null: w.Write([TagNull]); break;
            case ValueKind.String:
                {
                    w.Write([TagString]);
                    var s = v.AsString;
                    WriteVarint(w, (ulong)Encoding.UTF8.GetByteCount(s));
                    var span = w.GetSpan(Encoding.UTF8.GetMaxByteCount(s.Length));
                    w.Advance(Encoding.UTF8.GetBytes(s, span));
                    break;
                }
            case ValueKind.Number:
                w.Write([TagNumber]);
                WriteVarint(w, (ulong)((v.AsNumber << 1) ^ (v.AsNumber >> 63)));
                break;
            case ValueKind.Double:
                w.Write([TagDouble]);
                WriteInt64(w, BitConverter.DoubleToInt64Bits(v.AsDouble));
                break;
            case ValueKind.Bool: w.Write([v.AsBool ? TagTrue : TagFalse]); break;
            case ValueKind.DateTime:
                w.Write([TagDateTime]);
                WriteInt64(w, v.AsTicks);
                break;
            case ValueKind.Ip:
                {
                    var bytes = v.AsIp.GetAddressBytes();
                    w.Write([TagIp, (byte)bytes.Length]);
                    w.Write(bytes);
                    break;
                }
            case ValueKind.Mac:
                w.Write([TagMac]);
                WriteInt64(w, v.AsMac);
                break;
            default:
                // ColumnValues never produces these; storing one would need a format change, not a silent loss.
                throw new InvalidOperationException($"a {v.Kind} value cannot be stored in a tabular list");
        }
    }

    private static bool TryReadValue(ReadOnlySpan<byte> data, ref int pos, out Value value)
    {
        value = Value.Null;
        if (pos >= data.Length) return false;
        switch (data[pos++])
        {
            case TagNull: return true;
            case TagString:
                {
                    if (!TryReadVarint(data, ref pos, out ulong len) || len > (ulong)(data.Length - pos)) return false;
                    value = Value.String(Encoding.UTF8.GetString(data.Slice(pos, (int)len)));
                    pos += (int)len;
                    return true;
                }
            case TagNumber:
                {
                    if (!TryReadVarint(data, ref pos, out ulong z)) return false;
                    value = Value.Number((long)(z >> 1) ^ -(long)(z & 1));
                    return true;
                }
            case TagDouble:
                if (!TryReadInt64(data, ref pos, out long bits)) return false;
                value = Value.Double(BitConverter.Int64BitsToDouble(bits));
                return true;
            case TagFalse: value = Value.False; return true;
            case TagTrue: value = Value.True; return true;
            case TagDateTime:
                if (!TryReadInt64(data, ref pos, out long ticks) || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks) return false;
                value = Value.DateTime(ticks);
                return true;
            case TagIp:
                {
                    if (pos >= data.Length) return false;
                    int len = data[pos++];
                    if (len is not (4 or 16) || len > data.Length - pos) return false;
                    value = Value.Ip(new IPAddress(data.Slice(pos, len)));
                    pos += len;
                    return true;
                }
            case TagMac:
                if (!TryReadInt64(data, ref pos, out long mac)) return false;
                value = Value.Mac(mac);
                return true;
            default: return false;
        }
    }

    private static void WriteInt64(ArrayBufferWriter<byte> w, long v)
    {
        BinaryPrimitives.WriteInt64LittleEndian(w.GetSpan(8), v);
        w.Advance(8);
    }

    private static bool TryReadInt64(ReadOnlySpan<byte> data, ref int pos, out long v)
    {
        v = 0;
        if (data.Length - pos < 8) return false;
        v = BinaryPrimitives.ReadInt64LittleEndian(data[pos..]);
        pos += 8;
        return true;
    }

    private static void WriteVarint(ArrayBufferWriter<byte> w, ulong v)
    {
        var span = w.GetSpan(10);
        int n = 0;
        while (v >= 0x80)
        {
            span[n++] = (byte)(v | 0x80);
            v >>= 7;
        }
        span[n++] = (byte)v;
        w.Advance(n);
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> data, ref int pos, out ulong v)
    {
        v = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (pos >= data.Length) return false;
            byte b = data[pos++];
            v |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return true;
        }
        return false;
    }

    private static bool Fail(out string error, string message)
    {
        error = message;
        return false;
    }
}
