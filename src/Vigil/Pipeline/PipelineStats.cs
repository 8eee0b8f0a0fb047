using System.Diagnostics;
using Vigil.Events;
using Vigil.Normalization;
using Vigil.Normalization.Inputs;

namespace Vigil.Pipeline;

/// <summary>The accounting of a run: input = normalized + unmatched + rejected, per formula and per rejection reason.</summary>
public sealed class PipelineStats : IPipelineSink
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public long Normalized { get; private set; }
    public long Unmatched { get; private set; }
    public long Dropped { get; private set; }
    public long Rejected { get; private set; }
    public long Correlations { get; private set; }
    public long Input => Normalized + Unmatched + Rejected;
    public Dictionary<string, long> PerFormula { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> RejectedByKind { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> PerCorrelation { get; } = new(StringComparer.Ordinal);
    public TimeSpan Elapsed => _clock.Elapsed;
    public double EventsPerSecond => Input / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);

    public void Stop() => _clock.Stop();

    void IPipelineSink.Normalized(NormalizedEvent e, RawEvent raw, CompiledFormula formula)
    {
        Normalized++;
        PerFormula[formula.Name] = PerFormula.GetValueOrDefault(formula.Name) + 1;
    }

    void IPipelineSink.Unmatched(RawEvent raw, string reason)
    {
        Unmatched++;
        if (reason.StartsWith("dropped", StringComparison.Ordinal)) Dropped++;
    }

    void IPipelineSink.Rejected(Rejection rejection)
    {
        Rejected++;
        var k = rejection.Kind.ToString();
        RejectedByKind[k] = RejectedByKind.GetValueOrDefault(k) + 1;
    }

    void IPipelineSink.Correlation(NormalizedEvent e)
    {
        Correlations++;
        var name = e.Get("correlation_name").ToText() ?? "?";
        PerCorrelation[name] = PerCorrelation.GetValueOrDefault(name) + 1;
    }
}
