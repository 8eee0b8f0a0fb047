using Vigil.Events;
using Vigil.Runtime;

namespace Vigil.Correlation;

/// <summary>
/// One node of a compiled rule pattern. Nodes are immutable and shared; the progress of a match lives in the
/// <see cref="Instance"/> (counters, times, distinct-value sets at slots the compiler assigned), so an instance
/// is a few small arrays rather than a copy of the automaton.
/// Matching is deterministic: an event is accepted where the pattern can take it, preferring to advance a
/// sequence when the current item is already satisfied (<c>X+ -> X</c> completes on the second X).
/// </summary>
internal abstract class PatternNode
{
    public abstract bool CanAccept(Instance inst, int eventId, NormalizedEvent e);
    public abstract void Accept(Instance inst, int eventId, NormalizedEvent e, long time);
    public abstract bool Satisfied(Instance inst);
    /// <summary>Nothing accepted yet.</summary>
    public abstract bool IsEmpty(Instance inst);
    /// <summary>Nothing more can ever be accepted (every count at its maximum): a timer need not wait for more.</summary>
    public abstract bool Saturated(Instance inst);
    public abstract void Reset(Instance inst);
}

/// <summary>An event with a count: <c>A</c> (1..1), <c>A?</c>, <c>A*</c>, <c>A+</c>, <c>A[n, m]</c>, optionally <c>with different F</c>.</summary>
internal sealed class CountNode(int eventId, int min, int max, int slot, int distinctSlot, FieldId different) : PatternNode
{
    public readonly int EventId = eventId;
    public readonly int Min = min;
    public readonly int Max = max; // int.MaxValue = unbounded

    public override bool CanAccept(Instance inst, int eventId, NormalizedEvent e)
    {
        if (eventId != EventId || inst.Counts[slot] >= Max) return false;
        if (distinctSlot < 0) return true;
        // A repeated value does not advance a `with different` count (and is not accepted here).
        var key = DistinctKey(e);
        return inst.Distinct![distinctSlot] is not { } seen || !seen.Contains(key);
    }

    public override void Accept(Instance inst, int eventId, NormalizedEvent e, long time)
    {
        inst.Counts[slot]++;
        if (distinctSlot >= 0) (inst.Distinct![distinctSlot] ??= new HashSet<string>(StringComparer.Ordinal)).Add(DistinctKey(e));
    }

    private string DistinctKey(NormalizedEvent e) => e[different].ToText() ?? "\0null";

    public override bool Satisfied(Instance inst) => inst.Counts[slot] >= Min;
    public override bool IsEmpty(Instance inst) => inst.Counts[slot] == 0;
    public override bool Saturated(Instance inst) => inst.Counts[slot] >= Max;

    public override void Reset(Instance inst)
    {
        inst.Counts[slot] = 0;
        if (distinctSlot >= 0) inst.Distinct![distinctSlot]?.Clear();
    }
}

/// <summary><c>A -> B -> C</c>: items complete in event-time order; the slot holds the current item.</summary>
internal sealed class SequenceNode(PatternNode[] items, int slot) : PatternNode
{
    public override bool CanAccept(Instance inst, int eventId, NormalizedEvent e) => Target(inst, eventId, e) >= 0;

    // The item that takes the event: the nearest later item reachable through satisfied items, else the current one.
    private int Target(Instance inst, int eventId, NormalizedEvent e)
    {
        int cur = inst.Counts[slot];
        for (int j = cur; j < items.Length - 1 && items[j].Satisfied(inst); j++)
            if (items[j + 1].CanAccept(inst, eventId, e)) return j + 1;
        return items[cur].CanAccept(inst, eventId, e) ? cur : -1;
    }

    public override void Accept(Instance inst, int eventId, NormalizedEvent e, long time)
    {
        int t = Target(inst, eventId, e);
        if (t < 0) return;
        inst.Counts[slot] = t;
        items[t].Accept(inst, eventId, e, time);
    }

    public override bool Satisfied(Instance inst)
    {
        for (int j = inst.Counts[slot]; j < items.Length; j++)
            if (!items[j].Satisfied(inst)) return false;
        return true;
    }

    public override bool IsEmpty(Instance inst) => inst.Counts[slot] == 0 && items[0].IsEmpty(inst);
    public override bool Saturated(Instance inst) => inst.Counts[slot] == items.Length - 1 && items[^1].Saturated(inst);

    public override void Reset(Instance inst)
    {
        inst.Counts[slot] = 0;
        foreach (var i in items) i.Reset(inst);
    }
}

/// <summary><c>A and B</c>: every item in any order; an event goes to the first item still unsatisfied that takes it.</summary>
internal sealed class AndNode(PatternNode[] items) : PatternNode
{
    public override bool CanAccept(Instance inst, int eventId, NormalizedEvent e)
    {
        foreach (var i in items) if (i.CanAccept(inst, eventId, e)) return true;
        return false;
    }

    public override void Accept(Instance inst, int eventId, NormalizedEvent e, long time)
    {
        foreach (var i in items)
        {
            if (!i.Satisfied(inst) && i.CanAccept(inst, eventId, e))
            {
                i.Accept(inst, eventId, e, time);
                return;
            }
        }
        foreach (var i in items)
        {
            if (i.CanAccept(inst, eventId, e))
            {
                i.Accept(inst, eventId, e, time);
                return;
            }
        }
    }

    public override bool Satisfied(Instance inst)
    {
        foreach (var i in items) if (!i.Satisfied(inst)) return false;
        return true;
    }

    public override bool IsEmpty(Instance inst)
    {
        foreach (var i in items) if (!i.IsEmpty(inst)) return false;
        return true;
    }

    public override bool Saturated(Instance inst)
    {
        foreach (var i in items) if (!i.Saturated(inst)) return false;
        return true;
    }

    public override void Reset(Instance inst)
    {
        foreach (var i in items) i.Reset(inst);
    }
}

/// <summary>An <c>or</c> nested inside a branch: the alternatives progress side by side; any satisfied one satisfies it.</summary>
internal sealed class OrNode(PatternNode[] items) : PatternNode
{
    public override bool CanAccept(Instance inst, int eventId, NormalizedEvent e)
    {
        foreach (var i in items) if (i.CanAccept(inst, eventId, e)) return true;
        return false;
    }

    public override void Accept(Instance inst, int eventId, NormalizedEvent e, long time)
    {
        foreach (var i in items)
            if (i.CanAccept(inst, eventId, e)) i.Accept(inst, eventId, e, time);
    }

    public override bool Satisfied(Instance inst)
    {
        foreach (var i in items) if (i.Satisfied(inst)) return true;
        return false;
    }

    public override bool IsEmpty(Instance inst)
    {
        foreach (var i in items) if (!i.IsEmpty(inst)) return false;
        return true;
    }

    public override bool Saturated(Instance inst)
    {
        foreach (var i in items) if (!i.Saturated(inst)) return false;
        return true;
    }

    public override void Reset(Instance inst)
    {
        foreach (var i in items) i.Reset(inst);
    }
}

/// <summary>
/// A window inside a branch (a window on a whole branch is handled by the instance's deadline):
/// the sub-pattern must fit in the window from its first event; a later event that would break it starts it over.
/// </summary>
internal sealed class InnerWindowNode(PatternNode inner, long windowTicks, int timeSlot) : PatternNode
{
    public override bool CanAccept(Instance inst, int eventId, NormalizedEvent e) => inner.CanAccept(inst, eventId, e);

    public override void Accept(Instance inst, int eventId, NormalizedEvent e, long time)
    {
        if (!inner.IsEmpty(inst) && time - inst.Times![timeSlot] > windowTicks) inner.Reset(inst);
        if (inner.IsEmpty(inst)) inst.Times![timeSlot] = time;
        inner.Accept(inst, eventId, e, time);
    }

    public override bool Satisfied(Instance inst) => inner.Satisfied(inst);
    public override bool IsEmpty(Instance inst) => inner.IsEmpty(inst);
    public override bool Saturated(Instance inst) => inner.Saturated(inst);
    public override void Reset(Instance inst) => inner.Reset(inst);
}

/// <summary><c>(P)?</c>: an optional group (the binder refuses other quantifiers on groups).</summary>
internal sealed class GroupCountNode(PatternNode inner, int min, int max, int slot) : PatternNode
{
    public override bool CanAccept(Instance inst, int eventId, NormalizedEvent e) => max > 0 && inner.CanAccept(inst, eventId, e);
    public override void Accept(Instance inst, int eventId, NormalizedEvent e, long time)
    {
        inst.Counts[slot] = 1;
        inner.Accept(inst, eventId, e, time);
    }
    public override bool Satisfied(Instance inst) => inner.IsEmpty(inst) ? min == 0 : inner.Satisfied(inst);
    public override bool IsEmpty(Instance inst) => inner.IsEmpty(inst);
    public override bool Saturated(Instance inst) => !inner.IsEmpty(inst) && inner.Saturated(inst);
    public override void Reset(Instance inst)
    {
        inst.Counts[slot] = 0;
        inner.Reset(inst);
    }
}
