using System.Text;
using Vigil.Events;
using Vigil.Normalization;
using Vigil.Normalization.Inputs;
using Vigil.Storage;

namespace Vigil.Pipeline;

/// <summary>Writes every input event to the event store: normalized, unmatched (raw) or rejected (with its reason).</summary>
public sealed class StoreSink(EventStoreWriter writer, bool storeCorrelations = true) : IPipelineSink
{
    public long Duplicates { get; private set; }

    public void Normalized(NormalizedEvent e, RawEvent raw, CompiledFormula formula)
    {
        if (!writer.Add(e, formula.Name, Encoding.UTF8.GetString(raw.Utf8), raw.Source, raw.Line)) Duplicates++;
    }

    public void Unmatched(RawEvent raw, string reason)
    {
        if (!writer.AddUnmatched(Encoding.UTF8.GetString(raw.Utf8), raw.Source, raw.Line, reason)) Duplicates++;
    }

    public void Rejected(Rejection r)
    {
        if (!writer.AddRejected(r.Source, r.Line, r.Reason, "")) Duplicates++;
    }

    /// <summary>Correlation events are stored too (source "correlation"), so alerts can be hunted beside their events.</summary>
    public void Correlation(NormalizedEvent e)
    {
        if (!storeCorrelations) return;
        var name = e.Get("correlation_name").ToText() ?? "correlation";
        var raw = EventJson.ToJson(e);
        writer.Add(e, "correlation:" + name, raw, "correlation:" + name, ++_correlations);
    }

    private long _correlations;

    public void Complete() => writer.Flush();
}
