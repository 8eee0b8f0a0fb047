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
    /// <summary>Normalized events per formula name.</summary>
    public IReadOnlyDictionary<string, long> PerFormula =>
        _perFormula.Where(kv => kv.Value.N > 0).ToDictionary(kv => kv.Key, kv => kv.Value.N, StringComparer.Ordinal);
    // Consecutive events mostly come from the same formula: while they do, counting is one increment of the last
    // formula's counter instead of hashing its name (counters are per name, as parallel compilations share names).
    private readonly Dictionary<string, Counter> _perFormula = new(StringComparer.Ordinal);
    private CompiledFormula? _lastFormula;
    private Counter _lastCounter = new();
    public Dictionary<string, long> RejectedByKind { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> PerCorrelation { get; } = new(StringComparer.Ordinal);
    public TimeSpan Elapsed => _clock.Elapsed;
    public double EventsPerSecond => Input / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);

    public void Stop() => _clock.Stop();

    bool IPipelineSink.ReadsNormalizedEvents => false; // counts only

    void IPipelineSink.Normalized(NormalizedEvent e, RawEvent raw, CompiledFormula formula)
    {
        Normalized++;
        if (!ReferenceEquals(formula, _lastFormula))
        {
            if (!_perFormula.TryGetValue(formula.Name, out var c)) _perFormula[formula.Name] = c = new Counter();
            (_lastFormula, _lastCounter) = (formula, c);
        }
        _lastCounter.N++;
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

    private sealed class Counter
    {
        public long N;
    }
}
