using System.Runtime.CompilerServices;
using Vigil.Events;

namespace Vigil.Runtime;

/// <summary>A compiled expression: evaluates against a context, never throws on user data.</summary>
public delegate Value CompiledExpression(EvalContext ctx);

/// <summary>A compiled statement. Control flow that leaves a block (drop, close) is a flag on the context.</summary>
public delegate void CompiledStatement(EvalContext ctx);

/// <summary>
/// Everything a compiled rule reads and writes while it runs on one event. One context per thread and stage,
/// reused for every event (<see cref="Reset"/>), so evaluation allocates nothing for its own bookkeeping.
/// </summary>
public sealed class EvalContext
{
    public EvalContext(ITableAccess? tables = null) => Tables = tables;

    /// <summary>The event whose fields bare names read (and, in formulas and enrichments, write).</summary>
    public NormalizedEvent? Event;

    /// <summary>Temporaries of a formula or enrichment; <see cref="SlotAssigned"/> tells a formula variable from an input root.</summary>
    private Value[] _slots = [];
    public bool[] SlotAssigned = [];

    // A temporary the TEXT matcher captured as a trimmed piece of the line is kept as that piece until something
    // reads it (ReadSlot makes the string then): a submessage over it matches the line in place, and the copy the
    // piece would cost — the whole message after a syslog header — is never made.
    private (string? Text, int Start, int Length)[] _slices = [];

    /// <summary>Formula input (Windows event view, JSON object, XML root …); null for TEXT input.</summary>
    public IValueMap? Input;

    /// <summary>
    /// State of the correlation instance a handler runs in. It may be shorter than the rule's layout (slots past
    /// its end read as null) and grows on write up to <see cref="StateLimit"/>: most instances only ever touch the
    /// first few slots, and a dense array per live instance was most of an instance's memory.
    /// </summary>
    public Value[]? State;
    public int StateLimit;

    public Value ReadState(int index)
    {
        var st = State;
        return st is not null && (uint)index < (uint)st.Length ? st[index] : Value.Null;
    }

    public void WriteState(int index, Value value)
    {
        var st = State;
        if (st is null) return;
        if ((uint)index >= (uint)st.Length)
        {
            if (value.IsNull) return; // an unset slot already reads as null
            Array.Resize(ref State, Math.Min(Math.Max(StateLimit, index + 1), Math.Max(index + 1, st.Length * 2)));
        }
        State![index] = value;
    }

    /// <summary>Query evaluation: the parameters and the row being tested.</summary>
    public Value[]? Parameters;
    public ITableRow? Row;

    public ITableAccess? Tables;

    /// <summary>Event time used by table TTLs and writes (UTC ticks).</summary>
    public long NowTicks;

    /// <summary>Set by <c>drop</c> (discard the event) and <c>close</c> (end the instance without firing).</summary>
    public bool Dropped;
    public bool Closed;

    public bool Stopped => Dropped | Closed;

    /// <summary>Reusable scratch of the TEXT pattern matcher for this context's thread.</summary>
    internal object? PatternScratch;

    // Undo log: a subformula alternative whose COND fails must leave no trace of its captures.
    private readonly List<(bool IsField, int Index, Value Old, bool OldAssigned)> _undo = [];
    private int _undoDepth;

    public int BeginUndo()
    {
        _undoDepth++;
        return _undo.Count;
    }

    public void RollbackUndo(int mark)
    {
        for (int i = _undo.Count - 1; i >= mark; i--)
        {
            var (isField, index, old, oldAssigned) = _undo[i];
            if (isField) Event?.SetRaw(new FieldId(index), old);
            else
            {
                _slots[index] = old;
                SlotAssigned[index] = oldAssigned;
                _slices[index] = default;
            }
        }
        _undo.RemoveRange(mark, _undo.Count - mark);
        EndUndo();
    }

    public void EndUndo()
    {
        if (_undoDepth > 0 && --_undoDepth == 0) _undo.Clear();
    }

    /// <summary>Writes a field of <see cref="Event"/> (coerced to its type), remembering the old value while an undo scope is open.</summary>
    public void SetField(FieldId id, Value value)
    {
        if (Event is null) return;
        SetFieldCoerced(id, FieldCoercion.Coerce(Event.Taxonomy[id], value));
    }

    /// <summary><see cref="SetField"/> for a value already of the field's type (a constant coerced at compile time).</summary>
    public void SetFieldCoerced(FieldId id, Value value)
    {
        if (Event is null) return;
        if (_undoDepth > 0) _undo.Add((true, id.Value, Event[id], false));
        Event.SetRaw(id, value);
    }

    /// <summary>Writes a run of constant fields; one step unless an undo scope must remember each old value.</summary>
    public void SetFieldsCoerced(FieldRun run)
    {
        if (Event is null) return;
        if (_undoDepth == 0)
        {
            Event.SetRaw(run);
            return;
        }
        for (int i = 0; i < run.Count; i++) SetFieldCoerced(run.IdAt(i), run.ValueAt(i));
    }

    public void SetSlot(int slot, Value value)
    {
        // An open undo log keeps the old value, and it restores values, never pieces: the piece becomes a string
        // only then; otherwise it is simply overwritten.
        if (_slices[slot].Text is not null)
        {
            if (_undoDepth > 0) Materialize(slot);
            else _slices[slot] = default;
        }
        if (_undoDepth > 0) _undo.Add((false, slot, _slots[slot], SlotAssigned[slot]));
        _slots[slot] = value;
        SlotAssigned[slot] = true;
    }

    /// <summary>Assigns a temporary the text <c>text[start..start+length]</c>, made into a string only when read.</summary>
    public void SetSlotSlice(int slot, string text, int start, int length)
    {
        SetSlot(slot, Value.Null);
        _slices[slot] = (text, start, length);
    }

    /// <summary>The value of a temporary (its captured piece made a string on the first read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Value ReadSlot(int slot) => _slices[slot].Text is null ? _slots[slot] : Materialize(slot);

    /// <summary>True when the temporary holds a piece of a line not yet read as a string: the piece, without copying it.</summary>
    public bool TryGetSlotSlice(int slot, out string text, out int start, out int length)
    {
        (var t, start, length) = _slices[slot];
        text = t!;
        return t is not null;
    }

    private Value Materialize(int slot)
    {
        var (text, start, length) = _slices[slot];
        _slices[slot] = default;
        return _slots[slot] = Value.String(text!.Substring(start, length));
    }

    public void PrepareSlots(int count)
    {
        if (_slots.Length < count)
        {
            _slots = new Value[count];
            SlotAssigned = new bool[count];
            _slices = new (string?, int, int)[count];
        }
        else
        {
            _slots.AsSpan(0, count).Clear();
            SlotAssigned.AsSpan(0, count).Clear();
            _slices.AsSpan(0, count).Clear();
        }
    }

    public void Reset()
    {
        Dropped = false;
        Closed = false;
        Input = null;
        Row = null;
        Parameters = null;
    }
}

/// <summary>A row of a tabular list as queries see it.</summary>
public interface ITableRow
{
    Value this[int column] { get; }

    /// <summary>Whether the pattern held in Regex column <paramref name="column"/> occurs in <paramref name="input"/>.</summary>
    bool IsMatch(int column, string input);
}

/// <summary>Table operations compiled rules call; implemented by the Tables stage.</summary>
public interface ITableAccess
{
    /// <summary>Live rows of <paramref name="table"/> (TTL judged at <paramref name="nowTicks"/>) for which <paramref name="predicate"/> holds, in table order.</summary>
    IEnumerable<ITableRow> Scan(string table, long nowTicks, Func<ITableRow, bool> predicate);

    /// <summary>Upsert (insert_into) or delete (remove_from) a row; column values already computed. Returns an error text or null.</summary>
    string? Write(string table, bool insert, ReadOnlySpan<(int Column, string Mode, Value Value)> columns, long nowTicks);
}

/// <summary>Up to eight evaluated call arguments on the stack.</summary>
[InlineArray(8)]
internal struct ArgBuffer8
{
    private Value _first;
}
