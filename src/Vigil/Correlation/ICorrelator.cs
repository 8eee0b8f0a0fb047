using Vigil.Events;

namespace Vigil.Correlation;

/// <summary>What the pipeline needs of a correlator: the single-threaded engine or its sharded form.</summary>
public interface ICorrelator
{
    Action<NormalizedEvent>? Output { get; set; }
    Action<NormalizedEvent>? EnrichOutput { get; set; }
    IReadOnlyList<CompiledRule> Rules { get; }
    long LiveInstances { get; }
    RuleStats StatsFor(CompiledRule rule);
    void Process(NormalizedEvent e);
    /// <summary>
    /// False when no rule's filter can accept <paramref name="e"/> (the filter index has no candidate for it), so
    /// <see cref="Process"/> would only move time: the caller may send <see cref="AdvanceTo"/> with its time instead.
    /// Depends on the event's fields alone, never on tables or state, so it may be asked before the event is due.
    /// </summary>
    bool MayMatch(NormalizedEvent e);
    /// <summary>Moves event time to <paramref name="time"/>: what <see cref="Process"/> does for an event no rule matches.</summary>
    void AdvanceTo(long time);
    void Flush();
    /// <summary>
    /// The fields (marked by id) <see cref="Process"/> reads from an event, or null when any: an event held for
    /// later (a reorder buffer) need keep only these.
    /// </summary>
    bool[]? FieldsRead { get; }
}
