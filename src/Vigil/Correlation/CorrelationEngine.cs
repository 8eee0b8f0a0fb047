using Vigil.Events;
using Vigil.Runtime;
using Vigil.Tables;

namespace Vigil.Correlation;

/// <summary>
/// The correlation core for one shard of keys: offers time-ordered events to rule instances, runs handlers,
/// closes windows on event time, fires and renders correlation events, and feeds them back (cascades).
/// Single-threaded by design: a worker owns one engine and all instance state in it, so nothing is locked.
/// Callers must feed events in time order (the pipeline's reorder buffer does that); timers advance with event time.
/// </summary>
public sealed partial class CorrelationEngine : ICorrelator
{
    private readonly CompiledRule[] _rules;
    private readonly CorrelationOptions _options;
    private readonly Taxonomy _taxonomy;
    private readonly FilterIndex _index;
    private readonly Dictionary<RowKey, Instance>[][] _instances; // [rule][branch] → oldest instance of the key's chain
    private readonly Queue<Instance>[] _creationOrder;                 // per rule, for eviction
    private readonly PriorityQueue<Instance, (long Deadline, long Seq)> _timers = new();
    private readonly EvalContext _ctx;
    private readonly List<CompiledEvent> _candidates = [];
    private readonly Queue<(NormalizedEvent Event, int Depth)> _cascade = new();
    private readonly RuleStats[] _stats;
    private readonly (long WindowStart, int Count)[] _rate;
    private readonly bool[] _disabled; // set by the loop guard; per engine, since compiled rules are shared
    private readonly FieldId _time, _rule, _generatorType, _normalized, _count, _uuid, _originApp, _primaryApp, _correlationName;
    private long _sequence;
    private long _watermark = long.MinValue;

    public CorrelationEngine(IReadOnlyList<CompiledRule> rules, Taxonomy taxonomy, CorrelationOptions? options = null, ITableAccess? tables = null)
    {
        _rules = rules.ToArray();
        _taxonomy = taxonomy;
        _options = options ?? new CorrelationOptions();
        _index = new FilterIndex(_rules.SelectMany(r => r.Events));
        // Per-rule arrays are indexed by the rule's knowledge-base index, so an engine may hold any subset of rules.
        int size = _rules.Length == 0 ? 0 : _rules.Max(r => r.Index) + 1;
        _instances = new Dictionary<RowKey, Instance>[size][];
        _creationOrder = new Queue<Instance>[size];
        _stats = new RuleStats[size];
        foreach (var r in _rules)
        {
            _instances[r.Index] = r.Branches.Select(_ => new Dictionary<RowKey, Instance>()).ToArray();
            _creationOrder[r.Index] = new Queue<Instance>();
            _stats[r.Index] = new RuleStats();
        }
        _rate = new (long, int)[size];
        _disabled = new bool[size];
        _ctx = new EvalContext(tables);
        _time = taxonomy.Time;
        _rule = taxonomy.Require("_rule");
        _generatorType = taxonomy.Require("generator.type");
        _normalized = taxonomy.Require("normalized");
        _count = taxonomy.Require("count");
        _uuid = taxonomy.Require("uuid");
        _originApp = taxonomy.Require("origin_app_id");
        _primaryApp = taxonomy.Require("primary_siem_app_id");
        _correlationName = taxonomy.CorrelationName;
        FieldsRead = CompiledRule.ReadMask(_rules, taxonomy);
    }

    public bool[]? FieldsRead { get; }

    /// <summary>Receives every correlation event (after <see cref="EnrichOutput"/>), including loop-guard warnings.</summary>
    public Action<NormalizedEvent>? Output { get; set; }

    /// <summary>Runs on each correlation event before it is output and fed back (enrichment of correlation events).</summary>
    public Action<NormalizedEvent>? EnrichOutput { get; set; }

    public IReadOnlyList<CompiledRule> Rules => _rules;
    public FilterIndex Index => _index;
    public RuleStats StatsFor(CompiledRule rule)
    {
        var s = _stats[rule.Index];
        s.Disabled = _disabled[rule.Index];
        return s;
    }

    public long LiveInstances => _rules.Sum(r => _stats[r.Index].LiveInstances);
    public long Watermark => _watermark;

    /// <summary>Processes one event (and the cascades it causes). The event is not retained.</summary>
    public void Process(NormalizedEvent e)
    {
        long t = TimeOf(e);
        AdvanceTo(t);
        Offer(e, t, depth: 0);
        DrainCascade();
    }

    public bool MayMatch(NormalizedEvent e)
    {
        _candidates.Clear();
        _index.Candidates(e, _candidates);
        return _candidates.Count > 0;
    }

    /// <summary>Closes every window whose deadline is before <paramref name="time"/> (timers fire, others expire).</summary>
    public void AdvanceTo(long time)
    {
        if (time > _watermark) _watermark = time;
        while (_timers.TryPeek(out var inst, out var when) && when.Deadline < time)
        {
            _timers.Dequeue();
            if (!inst.Alive || inst.Deadline != when.Deadline) continue; // stale entry (re-armed or already gone)
            Expire(inst);
        }
        DrainCascade();
    }

    /// <summary>End of input: every open window closes now; satisfied timer instances fire.</summary>
    public void Flush()
    {
        AdvanceTo(long.MaxValue);
    }

    private long TimeOf(NormalizedEvent e)
    {
        var v = e[_time];
        // An event without time is taken to happen at the current watermark (it cannot move time).
        return v.Kind == ValueKind.DateTime ? v.AsTicks : _watermark == long.MinValue ? 0 : _watermark;
    }

    private void DrainCascade()
    {
        if (!CascadeLocally) { _cascade.Clear(); return; }
        // A cascaded event carries the time of its last source event, so it joins windows as of that time.
        while (_cascade.TryDequeue(out var item)) Offer(item.Event, TimeOf(item.Event), item.Depth);
    }

    private readonly List<(CompiledEvent Decl, RowKey Key)> _routes = [];

    private void Offer(NormalizedEvent e, long time, int depth)
    {
        _routes.Clear();
        Route(e, time, _routes, scratchKeys: true);
        foreach (var (decl, key) in _routes) Deliver(decl, key, e, time, depth);
    }

    /// <summary>
    /// The router's half: evaluates every candidate filter (through the index) and the key of each declaration
    /// the event matches. Filters all run before any handler, so a handler's table write cannot change another
    /// filter's view of the same event.
    /// </summary>
    /// <param name="scratchKeys">
    /// Multi-field keys borrow engine-owned arrays, valid until the next Route: for an engine that delivers the
    /// routes at once (a new instance keeps a copy, <see cref="RowKey.Detached"/>). Keys sent elsewhere must own theirs.
    /// </param>
    public void Route(NormalizedEvent e, long time, List<(CompiledEvent Decl, RowKey Key)> into, bool scratchKeys = false)
    {
        _candidates.Clear();
        _index.Candidates(e, _candidates);
        if (_candidates.Count == 0) return;
        _ctx.Reset();
        _ctx.Event = e;
        _ctx.NowTicks = time;
        foreach (var decl in _candidates)
        {
            if (_disabled[decl.Rule.Index] || !decl.Filter(_ctx)) continue;
            into.Add((decl, KeyOf(decl, e, scratchKeys ? ScratchFor(into.Count, decl.Key.Length) : null)));
        }
    }

    /// <summary>The worker's half: offers a routed event to the instances of its rule and key.</summary>
    public void Deliver(CompiledEvent decl, RowKey key, NormalizedEvent e, long time, int depth)
    {
        if (_disabled[decl.Rule.Index]) return;
        _stats[decl.Rule.Index].EventsMatched++;
        foreach (var branch in decl.Rule.Branches)
            if (branch.UsesEvent[decl.Id]) OfferToBranch(branch, decl.Id, key, e, time, depth);
    }

    /// <summary>Delivers an event routed elsewhere and feeds back any correlation events it causes.</summary>
    public void DeliverAndCascade(CompiledEvent decl, RowKey key, NormalizedEvent e, long time)
    {
        Deliver(decl, key, e, time, 0);
        DrainCascade();
    }

    /// <summary>Time of an event as the engine sees it (its <c>time</c>, or the watermark when it has none).</summary>
    public long EventTime(NormalizedEvent e) => TimeOf(e);

    /// <summary>When false, correlation events are not fed back here (the sharded correlator routes cascades itself).</summary>
    public bool CascadeLocally { get; set; } = true;

    private readonly List<Value[]> _keyScratch = [];

    private Value[] ScratchFor(int route, int arity)
    {
        while (_keyScratch.Count <= route) _keyScratch.Add([]);
        if (_keyScratch[route].Length != arity) _keyScratch[route] = new Value[arity];
        return _keyScratch[route];
    }

    // Keys of combined events compare by text, whatever field type produced them (a number key meets a string
    // key), without converting each value to a string (RowKey.ByText hashes the text form in place).
    private static RowKey KeyOf(CompiledEvent decl, NormalizedEvent e, Value[]? scratch)
    {
        var fields = decl.Key;
        switch (fields.Length)
        {
            case 0: return RowKey.ByText(Value.Null);
            case 1: return RowKey.ByText(e[fields[0]]);
            default:
                var values = scratch ?? new Value[fields.Length];
                for (int i = 0; i < fields.Length; i++) values[i] = e[fields[i]];
                return RowKey.ByText(values);
        }
    }
}
