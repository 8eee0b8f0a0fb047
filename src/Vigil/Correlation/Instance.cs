using Vigil.Events;
using Vigil.Tables;

namespace Vigil.Correlation;

/// <summary>
/// One partial match of one rule branch for one key: the pattern's progress, the correlation-event state the
/// handlers build ($fields and temporaries), and its times. Owned by exactly one worker; never shared.
/// </summary>
internal sealed class Instance
{
    public Instance(CompiledBranch branch, RowKey key, long sequence)
    {
        Branch = branch;
        Key = key;
        Sequence = sequence;
        Counts = branch.CountSlots > 0 ? new int[branch.CountSlots] : [];
        if (branch.TimeSlots > 0) Times = new long[branch.TimeSlots];
        if (branch.DistinctSlots > 0) Distinct = new HashSet<string>?[branch.DistinctSlots];
        // Slots past the end read as null and the array grows on write (EvalContext.WriteState): most instances
        // never touch the fields their rule only sets when it fires.
        State = new Value[Math.Min(branch.Rule.StateSize, InitialStateSlots)];
    }

    private const int InitialStateSlots = 8;

    public readonly CompiledBranch Branch;
    public RowKey Key;
    /// <summary>Creation order within the engine: older instances are offered events first and evicted first.</summary>
    public readonly long Sequence;
    public readonly int[] Counts;
    public readonly long[]? Times;
    public readonly HashSet<string>?[]? Distinct;
    public Value[] State;
    /// <summary>The next (younger) instance of the same branch and key: instances of one key form a chain.</summary>
    public Instance? Next;

    public long FirstTime;
    public long LastTime;
    /// <summary>Event time at which the instance closes (timer fires, within/lifetime expires); long.MaxValue = none.</summary>
    public long Deadline = long.MaxValue;
    public bool Alive = true;
    public int EventCount;
}
