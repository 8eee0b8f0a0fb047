using System.Text;
using Vigil.Events;
using Vigil.Normalization;
using Vigil.Normalization.Inputs;

namespace Vigil.Pipeline;

/// <summary>
/// Writes every input event to the event store: normalized, unmatched (raw) or rejected (with its reason), through
/// a <see cref="StoreWriteQueue"/> (on the writer's thread when it is threaded). The raw bytes are stored as read.
/// </summary>
public sealed class StoreSink(StoreWriteQueue queue, bool storeCorrelations = true) : IPipelineSink
{
    private long _correlations;

    /// <summary>Lines the store already held; final once the run is complete.</summary>
    public long Duplicates => queue.Duplicates;

    public void Normalized(NormalizedEvent e, RawEvent raw, CompiledFormula formula) => queue.Normalized(e, formula.Name, raw.Utf8, raw.Source, raw.Line);

    public void Unmatched(RawEvent raw, string reason) => queue.Unmatched(raw.Utf8, raw.Source, raw.Line, reason);

    public void Rejected(Rejection r) => queue.Rejected(r.Source, r.Line, r.Reason);

    /// <summary>Correlation events are stored too (source "correlation"), so alerts can be hunted beside their events.</summary>
    public void Correlation(NormalizedEvent e)
    {
        if (!storeCorrelations) return;
        var name = e.Get("correlation_name").ToText() ?? "correlation";
        var raw = Encoding.UTF8.GetBytes(EventJson.ToJson(e));
        queue.Normalized(e, "correlation:" + name, raw, "correlation:" + name, ++_correlations);
    }

    public void Complete() => queue.Complete();
}
