namespace Vigil.Correlation;

/// <summary>Counters per rule, for <c>--stats</c>.</summary>
public sealed class RuleStats
{
    public long EventsMatched;
    public long InstancesCreated;
    public long Fired;
    public long Expired;
    public long Closed;
    public long Evicted;
    public long LiveInstances;
    public bool Disabled;
}
