using System.Collections.Concurrent;
using Vigil.Events;
using Vigil.Runtime;
using Vigil.Tables;

namespace Vigil.Correlation;

/// <summary>
/// The correlator's scale-out shape from the article: a <b>router</b> (the caller's thread) evaluates every filter
/// and key once per event through the index and sends each (rule, key) to the shard that owns it
/// (hash(rule, key) mod N); <b>workers</b>, one thread per shard, own their instances outright (no locks on
/// instance state) and step the automata on event time; the <b>renderer</b> (back on the caller's thread) enriches
/// and outputs correlation events and routes them back in as cascades.
/// Messages between router and workers are plain data (an event snapshot, a declaration, a key, a time) so the
/// boundary could become a message bus.
/// Ordering: events reach each shard in the order the router saw them, so per key the semantics are those of
/// <see cref="CorrelationEngine"/>. Cascaded events re-enter the router when it collects worker output, a little
/// later than the single-threaded engine would offer them; their own time still decides windows.
/// </summary>
public sealed class ShardedCorrelator : ICorrelator, IDisposable
{
    private readonly CorrelationEngine _router;
    private readonly Worker[] _workers;
    private readonly ConcurrentQueue<(NormalizedEvent Event, int Depth)> _fired = new();
    private readonly List<(CompiledEvent Decl, RowKey Key)> _routes = [];
    private readonly List<Message>[] _pending;
    private readonly CorrelationOptions _options;
    private readonly bool[] _coupled; // by rule index: runs on the router thread (cascades)
    private long _watermark = long.MinValue;
    private int _sinceHeartbeat;
    private const int BatchSize = 256;
    private const int HeartbeatEvery = 4096;

    public ShardedCorrelator(IReadOnlyList<CompiledRule> rules, Taxonomy taxonomy, CorrelationOptions options, ITableAccess? tables, int shards)
    {
        _options = options;
        // Tables are shared between the router's filters and the workers' handlers: serialize access to them.
        var shared = tables is null ? null : new SynchronizedTableAccess(tables);
        _router = new CorrelationEngine(rules, taxonomy, options, shared);
        // Rules in cascades must see a correlation event before the next input event: they stay on this thread,
        // in the router's own engine (which feeds its correlation events back to itself as the plain engine does).
        _coupled = new bool[rules.Count == 0 ? 0 : rules.Max(r => r.Index) + 1];
        foreach (var r in CascadeAnalysis.CoupledRules(rules, taxonomy)) _coupled[r.Index] = true;
        _router.Output = ce => Render(ce);
        _workers = new Worker[Math.Max(1, shards)];
        _pending = new List<Message>[_workers.Length];
        for (int i = 0; i < _workers.Length; i++)
        {
            var engine = new CorrelationEngine(rules, taxonomy, options, shared) { CascadeLocally = false };
            engine.Fired = (ce, depth) => _fired.Enqueue((ce, depth));
            _workers[i] = new Worker(engine, taxonomy, i);
            _pending[i] = new List<Message>(BatchSize);
        }
    }

    public Action<NormalizedEvent>? Output { get; set; }

    public Action<NormalizedEvent>? EnrichOutput
    {
        get => _router.EnrichOutput;
        set => _router.EnrichOutput = value; // the router's own rules enrich before they cascade
    }
    public int Shards => _workers.Length;
    public IReadOnlyList<CompiledRule> Rules => _router.Rules;

    /// <summary>Per-rule counters summed over the shards.</summary>
    public RuleStats StatsFor(CompiledRule rule)
    {
        var total = new RuleStats();
        foreach (var engine in _workers.Select(w => w.Engine).Append(_router))
        {
            var s = engine.StatsFor(rule);
            total.EventsMatched += s.EventsMatched;
            total.InstancesCreated += s.InstancesCreated;
            total.Fired += s.Fired;
            total.Expired += s.Expired;
            total.Closed += s.Closed;
            total.Evicted += s.Evicted;
            total.LiveInstances += s.LiveInstances;
            total.Disabled |= s.Disabled;
        }
        return total;
    }

    public long LiveInstances => _workers.Sum(w => w.Engine.LiveInstances) + _router.LiveInstances;

    public bool MayMatch(NormalizedEvent e) => _router.MayMatch(e);

    public bool[]? FieldsRead => _router.FieldsRead;

    public void AdvanceTo(long time)
    {
        if (time > _watermark) _watermark = time;
        _router.AdvanceTo(time);
        Heartbeat();
        Render();
    }

    public void Process(NormalizedEvent e)
    {
        long time = _router.EventTime(e);
        if (time > _watermark) _watermark = time;
        _router.AdvanceTo(time);
        _routes.Clear();
        _router.Route(e, time, _routes);
        EventSnapshot? snapshot = null;
        foreach (var (decl, key) in _routes)
        {
            if (_coupled[decl.Rule.Index])
            {
                _router.DeliverAndCascade(decl, key, e, time);
                continue;
            }
            snapshot ??= EventSnapshot.Capture(e);
            int shard = (int)((uint)HashCode.Combine(decl.Rule.Index, key.GetHashCode()) % (uint)_workers.Length);
            Enqueue(shard, new Message(snapshot, decl, key, time, 0));
        }
        Heartbeat();
        Render();
    }

    // Workers without traffic still need time to pass, so their timers fire.
    private void Heartbeat()
    {
        if (++_sinceHeartbeat < HeartbeatEvery) return;
        _sinceHeartbeat = 0;
        for (int i = 0; i < _workers.Length; i++) Enqueue(i, Message.Heartbeat(_watermark), force: true);
    }

    private void Enqueue(int shard, Message m, bool force = false)
    {
        var batch = _pending[shard];
        batch.Add(m);
        if (force || batch.Count >= BatchSize)
        {
            _workers[shard].Post(batch.ToArray());
            batch.Clear();
        }
    }

    /// <summary>
    /// The renderer: correlation events from the workers are enriched and output. No rule consumes them (rules that
    /// consume correlation events run on the router thread with their producers), so they are not routed back.
    /// </summary>
    private void Render()
    {
        while (_fired.TryDequeue(out var item))
        {
            EnrichOutput?.Invoke(item.Event);
            Output?.Invoke(item.Event);
        }
    }

    private void Render(NormalizedEvent fromRouter) => Output?.Invoke(fromRouter);

    /// <summary>End of input: every shard closes its windows; cascades are routed until nothing more fires.</summary>
    public void Flush()
    {
        for (int i = 0; i < _workers.Length; i++) Enqueue(i, Message.Heartbeat(long.MaxValue), force: true);
        foreach (var w in _workers) w.WaitIdle();
        Render();
        _router.Flush();
    }

    public void Dispose()
    {
        foreach (var w in _workers) w.Dispose();
    }

    private readonly record struct Message(EventSnapshot? Snapshot, CompiledEvent? Decl, RowKey Key, long Time, int Depth)
    {
        public static Message Heartbeat(long time) => new(null, null, default, time, 0);
    }

    /// <summary>One shard: a thread that owns an engine and consumes batches in order.</summary>
    private sealed class Worker : IDisposable
    {
        private readonly BlockingCollection<Message[]> _queue = new(boundedCapacity: 64);
        private readonly Thread _thread;
        private readonly NormalizedEvent _work;
        private int _inFlight;
        private readonly ManualResetEventSlim _idle = new(true);

        public Worker(CorrelationEngine engine, Taxonomy taxonomy, int index)
        {
            Engine = engine;
            _work = new NormalizedEvent(taxonomy);
            _thread = new Thread(Loop) { IsBackground = true, Name = $"vigil-correlation-{index}" };
            _thread.Start();
        }

        public CorrelationEngine Engine { get; }

        public void Post(Message[] batch)
        {
            if (Interlocked.Increment(ref _inFlight) == 1) _idle.Reset();
            _queue.Add(batch);
        }

        public void WaitIdle() => _idle.Wait();

        private void Loop()
        {
            EventSnapshot? current = null;
            foreach (var batch in _queue.GetConsumingEnumerable())
            {
                foreach (var m in batch)
                {
                    Engine.AdvanceTo(m.Time);
                    if (m.Decl is null) continue;
                    if (!ReferenceEquals(m.Snapshot, current))
                    {
                        current = m.Snapshot;
                        current!.CopyTo(_work);
                    }
                    Engine.Deliver(m.Decl, m.Key, _work, m.Time, m.Depth);
                }
                if (Interlocked.Decrement(ref _inFlight) == 0) _idle.Set();
            }
        }

        public void Dispose()
        {
            _queue.CompleteAdding();
            _thread.Join();
            _queue.Dispose();
            _idle.Dispose();
        }
    }
}

/// <summary>Serializes table access for rules running on several threads.</summary>
internal sealed class SynchronizedTableAccess(ITableAccess inner) : ITableAccess
{
    private readonly Lock _lock = new();

    public IEnumerable<ITableRow> Scan(string table, long nowTicks, Func<ITableRow, bool> predicate)
    {
        lock (_lock) return inner.Scan(table, nowTicks, predicate).ToList();
    }

    public string? Write(string table, bool insert, ReadOnlySpan<(int Column, string Mode, Value Value)> columns, long nowTicks)
    {
        lock (_lock) return inner.Write(table, insert, columns, nowTicks);
    }
}
