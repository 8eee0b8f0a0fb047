using Vigil.Events;
using Vigil.Normalization;
using Vigil.Normalization.Inputs;

namespace Vigil.Pipeline;

/// <summary>
/// Where the pipeline's results go (Serilog-style sinks: JSON lines, the event store, stats). Every input event
/// reaches exactly one of <see cref="Normalized"/>, <see cref="Unmatched"/> or <see cref="Rejected"/>.
/// Calls come from one thread; the event objects are only valid during the call.
/// </summary>
public interface IPipelineSink
{
    /// <summary>
    /// Whether <see cref="Normalized"/> looks at the event's fields. A sink that does not (counts, correlation output
    /// alone) lets the pipeline normalize only what correlation reads (<see cref="EventPipeline.Projected"/>).
    /// </summary>
    bool ReadsNormalizedEvents => true;

    void Normalized(NormalizedEvent e, RawEvent raw, CompiledFormula formula) { }
    /// <summary>No formula applied (or one dropped it: <paramref name="reason"/> says which); the raw event is kept.</summary>
    void Unmatched(RawEvent raw, string reason) { }
    void Rejected(Rejection rejection) { }
    void Correlation(NormalizedEvent e) { }
    void Complete() { }
}

/// <summary>Fans every call out to several sinks.</summary>
public sealed class CompositeSink(params IPipelineSink[] sinks) : IPipelineSink
{
    public bool ReadsNormalizedEvents => sinks.Any(s => s.ReadsNormalizedEvents);

    public void Normalized(NormalizedEvent e, RawEvent raw, CompiledFormula formula)
    {
        foreach (var s in sinks) s.Normalized(e, raw, formula);
    }

    public void Unmatched(RawEvent raw, string reason)
    {
        foreach (var s in sinks) s.Unmatched(raw, reason);
    }

    public void Rejected(Rejection rejection)
    {
        foreach (var s in sinks) s.Rejected(rejection);
    }

    public void Correlation(NormalizedEvent e)
    {
        foreach (var s in sinks) s.Correlation(e);
    }

    public void Complete()
    {
        foreach (var s in sinks) s.Complete();
    }
}
