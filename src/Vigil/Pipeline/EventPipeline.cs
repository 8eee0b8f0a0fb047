using Vigil.Correlation;
using Vigil.Enrichment;
using Vigil.Events;
using Vigil.KnowledgeBase;
using Vigil.Normalization;
using Vigil.Normalization.Inputs;
using Vigil.Runtime;
using Vigil.Tables;

namespace Vigil.Pipeline;

public sealed class PipelineOptions
{
    public bool Enrich { get; init; } = true;
    public bool Correlate { get; init; }
    /// <summary>How far out of time order events may arrive and still be correlated in order.</summary>
    public TimeSpan Lateness { get; init; } = TimeSpan.FromMinutes(5);
    public CorrelationOptions Correlation { get; init; } = new();
    public InputOptions Input { get; init; } = InputOptions.Default;
    /// <summary>Tables the rules read and write; by default fresh, with every list's defaults loaded.</summary>
    public TableSet? Tables { get; init; }
    /// <summary>
    /// Keep the lists in the table store in this folder (see <see cref="TableSet.OpenPersistent"/>) instead of
    /// fresh in memory; ignored when <see cref="Tables"/> is given. The pipeline owns that set: it is committed
    /// by <see cref="EventPipeline.Complete"/> and closed by <see cref="EventPipeline.Dispose"/>.
    /// </summary>
    public string? TablesDirectory { get; init; }
    /// <summary>
    /// Correlation shards (worker threads). 0 runs the single-threaded engine on the pipeline's thread, which is
    /// deterministic (the test runner uses it); N routes events by (rule, key) to N workers.
    /// </summary>
    public int Shards { get; init; }
}

/// <summary>
/// The whole way of an event, wired in one place: inputs → normalization (formula index) → pipeline fields →
/// enrichment → reorder by event time → correlation (→ enrichment of correlation events → cascades) → sinks.
/// Single-threaded and deterministic: the same input gives the same output, in the same order.
/// </summary>
public sealed class EventPipeline : IDisposable
{
    private readonly CompiledKnowledgeBase _kb;
    private readonly PipelineOptions _options;
    private readonly IPipelineSink _sink;
    private readonly EvalContext _ctx = new();
    private readonly NormalizedEvent _event;
    private readonly NormalizedEvent _ordered;
    private readonly PipelineFields _fields;
    private readonly Enricher? _enricher;
    private readonly ReorderBuffer? _reorder;
    private readonly bool _ownsTables;
    private readonly Normalizer _normalizer;

    public EventPipeline(CompiledKnowledgeBase kb, PipelineOptions options, IPipelineSink sink)
    {
        _kb = kb;
        _options = options;
        Stats = new PipelineStats();
        _sink = new CompositeSink(Stats, sink);
        _event = new NormalizedEvent(kb.Taxonomy);
        _ordered = new NormalizedEvent(kb.Taxonomy);
        _fields = new PipelineFields(kb.Taxonomy);
        if (options.Tables is not null) Tables = options.Tables;
        else if (options.TablesDirectory is { } dir)
        {
            Tables = TableSet.OpenPersistent(kb.TableSchemas, dir);
            _ownsTables = true;
        }
        else Tables = NewTables(kb);
        if (options.Enrich) _enricher = new Enricher(kb.Enrichments, Tables);
        if (options.Correlate)
        {
            Engine = options.Shards > 0
                ? new ShardedCorrelator(kb.Rules, kb.Taxonomy, options.Correlation, Tables, options.Shards)
                : new CorrelationEngine(kb.Rules, kb.Taxonomy, options.Correlation, Tables);
            Engine.EnrichOutput = _enricher is null ? null : _enricher.Enrich;
            Engine.Output = _sink.Correlation;
            _reorder = new ReorderBuffer(options.Lateness, Engine.AdvanceTo) { Keep = Engine.FieldsRead };
        }
        _normalizer = Projection(kb, sink) is { } keep ? kb.ProjectedNormalizer(keep) : kb.Normalizer;
        Projected = !ReferenceEquals(_normalizer, kb.Normalizer);
        Reader = new RawEventReader(options.Input);
    }

    /// <summary>
    /// True when the formulas write only the fields something downstream reads (<see cref="Projection"/>): the run's
    /// output — correlation events, counts — is the same; the normalized events, which nobody sees, are thinner.
    /// </summary>
    public bool Projected { get; }

    /// <summary>
    /// The fields normalization must write when the sink reads no normalized event and the correlator reads only
    /// some fields: those, what enrichment reads, and what the appendix derives them from. Null: all fields.
    /// </summary>
    private bool[]? Projection(CompiledKnowledgeBase kb, IPipelineSink sink)
    {
        if (sink.ReadsNormalizedEvents || Engine?.FieldsRead is not { } read) return null;
        var keep = (bool[])read.Clone();
        if (_enricher is not null)
        {
            if (kb.EnrichmentReads() is not { } enrich) return null;
            for (int i = 0; i < keep.Length; i++) keep[i] |= enrich[i];
        }
        Appendix.AddSourcesOf(kb.Taxonomy, keep);
        return keep;
    }

    public PipelineStats Stats { get; }
    public ICorrelator? Engine { get; }
    public TableSet Tables { get; }
    public RawEventReader Reader { get; }
    public long LateEvents => _reorder?.Late ?? 0;

    public static TableSet NewTables(CompiledKnowledgeBase kb)
    {
        var t = new TableSet(kb.TableSchemas);
        t.LoadDefaults(0);
        return t;
    }

    /// <summary>Runs raw input from files, folders, archives or "-" (stdin), then completes the run.</summary>
    public void Run(IEnumerable<string> inputs)
    {
        foreach (var input in inputs) RunSource(input);
        Complete();
    }

    /// <summary>Runs one input (file, folder, archive, or "-"); call <see cref="Complete"/> after the last.</summary>
    public void RunSource(string input)
    {
        var items = input == "-" ? Reader.Read(Console.OpenStandardInput(), "stdin") : Reader.Read(input);
        foreach (var item in items)
        {
            if (item.Rejection is { } r) { _sink.Rejected(r); continue; }
            using var raw = item.Event!;
            ProcessRaw(raw);
        }
    }

    public void ProcessRaw(RawEvent raw)
    {
        var outcome = _normalizer.Normalize(raw, _event, _ctx);
        switch (outcome.Status)
        {
            case NormalizeStatus.Normalized:
                _fields.Apply(_event);
                _enricher?.Enrich(_event);
                _sink.Normalized(_event, raw, outcome.Formula!);
                Correlate(_event);
                break;
            case NormalizeStatus.Dropped:
                _sink.Unmatched(raw, $"dropped by formula {outcome.Formula!.Name}");
                break;
            default:
                _sink.Unmatched(raw, "no formula applies");
                break;
        }
    }

    /// <summary>Runs already normalized events (e.g. JSON lines from `vigil normalize`) through enrichment and correlation.</summary>
    public void ProcessNormalized(NormalizedEvent e)
    {
        _enricher?.Enrich(e);
        Correlate(e);
    }

    private void Correlate(NormalizedEvent e)
    {
        if (Engine is null) return;
        // Most events of a stream match no rule: they still move time, but need no snapshot, copy or filter run.
        if (!Engine.MayMatch(e)) _reorder!.AddTime(e.TimeTicks, _release);
        else _reorder!.Add(e, _release);
    }

    private Action<EventSnapshot> _release => field ??= Release; // one delegate, not one per event

    private void Release(EventSnapshot snap)
    {
        snap.CopyTo(_ordered);
        Engine!.Process(_ordered);
    }

    public void Complete()
    {
        if (Engine is not null)
        {
            _reorder!.Flush(_release);
            Engine.Flush();
        }
        // Lists on disk: what the run wrote is committed before the run reports itself complete.
        if (_ownsTables) Tables.Flush();
        // Sinks first: a store sink on its own thread finishes (and commits) here, and that is part of the run's time.
        _sink.Complete();
        Stats.Stop();
    }

    /// <summary>Closes the table store the pipeline opened (<see cref="PipelineOptions.TablesDirectory"/>), committing it.</summary>
    public void Dispose()
    {
        (Engine as IDisposable)?.Dispose();
        if (_ownsTables) Tables.Dispose();
    }
}
