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
    void Flush();
}
