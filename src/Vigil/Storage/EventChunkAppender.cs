using System.Runtime.CompilerServices;
using System.Text;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Vigil.Events;

namespace Vigil.Storage;

/// <summary>
/// Appends <c>events_data</c> rows through DuckDB's appender a data chunk (2,048 rows) at a time, filling the chunk's
/// vectors directly: numbers and times as they are, NULLs as bits of the validity mask, short texts inline in the
/// vector and longer ones (the raw event above all) as pointers into a pinned arena that lives until the chunk is
/// appended. DuckDB.NET's row API makes a native call per NULL and per string and re-validates the raw UTF-8; with
/// ~120 columns a row, that was a tenth of the store writer's time.
/// </summary>
internal sealed unsafe class EventChunkAppender : IDisposable
{
    private readonly DuckDB.NET.Native.DuckDBAppender _appender;
    private readonly DuckDBDataChunk _chunk;
    private readonly Taxonomy _taxonomy;
    private readonly ColumnKind[] _kinds;
    private readonly int[] _columnOfField;
    private readonly IntPtr[] _vectors;
    private readonly IntPtr[] _data;
    private readonly IntPtr[] _validity;
    private readonly ulong[] _listSizes;
    private readonly int _chunkRows;
    // The texts of the chunk being filled; DuckDB copies them when the chunk is appended.
    private readonly PinnedArena _text = new(1 << 20);
    private int _row;
    private bool _disposed;

    private enum ColumnKind : byte { Int64, Text, Timestamp, Bool, List }

    // Store columns, in StoreSchema.StoreColumns order; the stored fields follow.
    private const int KeyColumn = 0, IngestIdColumn = 1, SourceColumn = 2, LineColumn = 3, StatusColumn = 4, FormulaColumn = 5, ReasonColumn = 6, RawColumn = 7;
    private const int FirstNullable = FormulaColumn;
    private const int InlineLength = 12;

    public EventChunkAppender(DuckDBConnection connection, Taxonomy taxonomy, IReadOnlyList<FieldInfo> stored)
    {
        _taxonomy = taxonomy;
        var store = StoreSchema.StoreColumns;
        int columns = store.Length + stored.Count;
        _kinds = new ColumnKind[columns];
        _columnOfField = new int[taxonomy.Count];
        Array.Fill(_columnOfField, -1);
        for (int c = 0; c < store.Length; c++) _kinds[c] = store[c].Type.StartsWith("BIGINT", StringComparison.Ordinal) ? ColumnKind.Int64 : ColumnKind.Text;
        for (int i = 0; i < stored.Count; i++)
        {
            _kinds[store.Length + i] = KindOf(stored[i].Type);
            _columnOfField[stored[i].Id.Value] = store.Length + i;
        }

        if (NativeMethods.Appender.DuckDBAppenderCreate(connection.NativeConnection, null, StoreSchema.DataTable, out _appender) != DuckDBState.Success)
        {
            string message = Error();
            _appender.Dispose();
            throw new InvalidOperationException(message);
        }
        ulong count = NativeMethods.Appender.DuckDBAppenderColumnCount(_appender);
        if (count != (ulong)columns)
        {
            _appender.Dispose();
            throw new InvalidOperationException($"{StoreSchema.DataTable} has {count} columns, the writer expected {columns}");
        }
        var types = new DuckDBLogicalType[columns];
        try
        {
            var handles = new IntPtr[columns];
            for (int c = 0; c < columns; c++)
            {
                types[c] = NativeMethods.Appender.DuckDBAppenderColumnType(_appender, (ulong)c);
                handles[c] = types[c].DangerousGetHandle();
            }
            _chunk = NativeMethods.DataChunks.DuckDBCreateDataChunk(handles, (ulong)columns);
        }
        catch
        {
            _appender.Dispose(); // no chunk, no appender: nothing native is left behind
            throw;
        }
        finally
        {
            foreach (var t in types) t?.Dispose();
        }
        _chunkRows = (int)NativeMethods.Helpers.DuckDBVectorSize();
        _vectors = new IntPtr[columns];
        _data = new IntPtr[columns];
        _validity = new IntPtr[columns];
        _listSizes = new ulong[columns];
        BeginChunk();
    }

    private static ColumnKind KindOf(FieldType type) => type switch
    {
        FieldType.Number => ColumnKind.Int64,
        FieldType.DateTime => ColumnKind.Timestamp,
        FieldType.Bool => ColumnKind.Bool,
        FieldType.ListString or FieldType.ListUuid => ColumnKind.List,
        _ => ColumnKind.Text,
    };

    /// <summary>One row; <paramref name="raw"/> must be valid UTF-8 (DuckDB does not check it again).</summary>
    public void Append(long key, string ingestId, string source, long line, string status, string? formula, string? reason, ReadOnlySpan<byte> raw, NormalizedEvent? e)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int r = _row;
        ((long*)_data[KeyColumn])[r] = key;
        WriteText(_data[IngestIdColumn], r, ingestId);
        WriteText(_data[SourceColumn], r, source);
        ((long*)_data[LineColumn])[r] = line;
        WriteText(_data[StatusColumn], r, status);
        if (formula is not null) WriteNullableText(FormulaColumn, r, formula);
        if (reason is not null) WriteNullableText(ReasonColumn, r, reason);
        WriteBytes(_data[RawColumn], r, raw);
        if (e is not null)
        {
            foreach (var id in e)
            {
                int c = _columnOfField[id.Value];
                if (c < 0) throw new InvalidOperationException($"field {_taxonomy[id].Name} has no column in {StoreSchema.DataTable}");
                if (WriteValue(_taxonomy[id], e[id], c, r)) MarkValid(c, r);
            }
        }
        if (++_row == _chunkRows) AppendChunk();
    }

    /// <summary>Hands the rows to DuckDB's appender and closes it: they are in the table (of the open transaction).</summary>
    public void Close()
    {
        if (_row > 0) AppendChunk();
        if (NativeMethods.Appender.DuckDBAppenderClose(_appender) != DuckDBState.Success) throw new InvalidOperationException(Error());
    }

    /// <summary>Drops the rows not yet in the table.</summary>
    public void Clear()
    {
        _row = 0;
        _text.Reset();
        NativeMethods.DataChunks.DuckDBDataChunkReset(_chunk);
        NativeMethods.Appender.DuckDBAppenderClear(_appender);
        BeginChunk();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _chunk.Dispose();
        _appender.Dispose(); // destroys the native appender; rows not closed are flushed by DuckDB or dropped with the transaction
    }

    private string Error()
    {
        using var error = NativeMethods.Appender.DuckDBAppenderErrorData(_appender);
        return error.HasError && error.Message is { } m ? m : "appending to the event store failed";
    }

    private void AppendChunk()
    {
        NativeMethods.DataChunks.DuckDBDataChunkSetSize(_chunk, (ulong)_row);
        var state = NativeMethods.Appender.DuckDBAppendDataChunk(_appender, _chunk);
        // DuckDB has copied the chunk (texts included) into its own buffers.
        _row = 0;
        _text.Reset();
        NativeMethods.DataChunks.DuckDBDataChunkReset(_chunk);
        BeginChunk();
        if (state != DuckDBState.Success) throw new InvalidOperationException(Error());
    }

    // Vector pointers change when a chunk is reset. Nullable columns start all NULL; each value marks its row valid.
    private void BeginChunk()
    {
        int words = (_chunkRows + 63) >> 6;
        for (int c = 0; c < _kinds.Length; c++)
        {
            _vectors[c] = NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, c);
            _data[c] = (IntPtr)NativeMethods.Vectors.DuckDBVectorGetData(_vectors[c]);
            _listSizes[c] = 0;
            if (c < FirstNullable || c == RawColumn) continue;
            NativeMethods.Vectors.DuckDBVectorEnsureValidityWritable(_vectors[c]);
            ulong* mask = NativeMethods.Vectors.DuckDBVectorGetValidity(_vectors[c]);
            new Span<ulong>(mask, words).Clear();
            _validity[c] = (IntPtr)mask;
        }
    }

    private void MarkValid(int c, int r) => ((ulong*)_validity[c])[r >> 6] |= 1UL << (r & 63);

    private void WriteNullableText(int c, int r, string text)
    {
        WriteText(_data[c], r, text);
        MarkValid(c, r);
    }

    // Slots normally hold values already coerced to the field's type (NormalizedEvent.Set); SetRaw lets a caller
    // store anything, so a value of the wrong kind is coerced once more here rather than mis-typed. False: NULL.
    private bool WriteValue(FieldInfo field, Value v, int c, int r)
    {
        switch (_kinds[c])
        {
            case ColumnKind.Int64:
                if (v.Kind != ValueKind.Number) v = FieldCoercion.Coerce(field, v);
                if (v.Kind != ValueKind.Number) return false;
                ((long*)_data[c])[r] = v.AsNumber;
                return true;
            case ColumnKind.Timestamp:
                if (v.Kind != ValueKind.DateTime) v = FieldCoercion.ToDateTime(v);
                if (v.Kind != ValueKind.DateTime) return false;
                // TIMESTAMP: microseconds since the Unix epoch; the ticks are UTC.
                ((long*)_data[c])[r] = (v.AsTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
                return true;
            case ColumnKind.Bool:
                if (v.Kind != ValueKind.Bool) v = FieldCoercion.Coerce(field, v);
                if (v.Kind != ValueKind.Bool) return false;
                ((byte*)_data[c])[r] = v.AsBool ? (byte)1 : (byte)0;
                return true;
            case ColumnKind.List:
                if (v.Kind != ValueKind.List) v = FieldCoercion.Coerce(field, v);
                if (v.Kind != ValueKind.List) return false;
                WriteList(c, r, v.AsList);
                return true;
            default:
                // String, enum, uuid, ip, mac: text columns; ToText renders IPs canonically and MACs as AA:BB:…
                var text = v.Kind == ValueKind.String ? v.AsString : v.ToText();
                if (text is null) return false;
                WriteText(_data[c], r, text);
                return true;
        }
    }

    private void WriteList(int c, int r, IReadOnlyList<Value> items)
    {
        ulong start = _listSizes[c], size = start;
        foreach (var item in items)
        {
            if (item.ToText() is not { } text) continue;
            if (NativeMethods.Vectors.DuckDBListVectorReserve(_vectors[c], size + 1) != DuckDBState.Success)
                throw new InvalidOperationException("could not grow a list vector");
            // The child's data moves when the list grows: fetch it after reserving.
            var child = NativeMethods.Vectors.DuckDBListVectorGetChild(_vectors[c]);
            WriteText((IntPtr)NativeMethods.Vectors.DuckDBVectorGetData(child), (int)size, text);
            size++;
            NativeMethods.Vectors.DuckDBListVectorSetSize(_vectors[c], size);
        }
        _listSizes[c] = size;
        var entry = (ulong*)_data[c] + 2 * r; // duckdb_list_entry: offset and length in the child vector
        entry[0] = start;
        entry[1] = size - start;
    }

    private void WriteText(IntPtr data, int r, string text)
    {
        byte* slot = (byte*)data + 16 * r;
        if (text.Length <= InlineLength)
        {
            // Most values are short enough to sit in the vector itself.
            var inline = new Span<byte>(slot + 4, InlineLength);
            inline.Clear();
            if (Encoding.UTF8.TryGetBytes(text, inline, out int written))
            {
                *(uint*)slot = (uint)written;
                return;
            }
        }
        int length = Encoding.UTF8.GetByteCount(text);
        byte* p = _text.Allocate(length, out var target);
        Encoding.UTF8.GetBytes(text, target);
        PointTo(slot, p, length);
    }

    private void WriteBytes(IntPtr data, int r, ReadOnlySpan<byte> bytes)
    {
        byte* slot = (byte*)data + 16 * r;
        if (bytes.Length <= InlineLength)
        {
            *(uint*)slot = (uint)bytes.Length;
            var inline = new Span<byte>(slot + 4, InlineLength);
            inline.Clear();
            bytes.CopyTo(inline);
            return;
        }
        byte* p = _text.Allocate(bytes.Length, out var target);
        bytes.CopyTo(target);
        PointTo(slot, p, bytes.Length);
    }

    // duckdb_string_t of more than 12 bytes: the length, the first 4 bytes, a pointer to all of them.
    private static void PointTo(byte* slot, byte* bytes, int length)
    {
        *(uint*)slot = (uint)length;
        *(uint*)(slot + 4) = Unsafe.ReadUnaligned<uint>(bytes);
        *(byte**)(slot + 8) = bytes;
    }
}
