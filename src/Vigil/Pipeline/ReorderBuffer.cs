using Vigil.Events;

namespace Vigil.Pipeline;

/// <summary>
/// Event-time ordering with bounded lateness: events are held until the newest time seen is more than
/// <see cref="Lateness"/> past them, then released oldest first (ties in arrival order). An event later than
/// that arrives after the watermark; it is released at once and counted as late (correlation still sees it,
/// but windows that closed before it cannot take it).
/// Logs mostly arrive in time order, so events not older than the last in-order one wait in a FIFO (O(1));
/// only the stragglers go through a heap, and release merges the two heads.
/// Released snapshots are recycled: the release callback must copy what it needs and not keep the snapshot.
/// <para>
/// An event no rule can match still moves event time (timers fire, windows close when time passes them), so it
/// must take its place in the order — but only its time: <see cref="AddTime"/> queues a bare time, released to
/// <paramref name="advance"/> where the event would have been, without a snapshot to fill or copy.
/// </para>
/// </summary>
public sealed class ReorderBuffer(TimeSpan lateness, Action<long>? advance = null)
{
    private const int MaxPooled = 1024;
    // A null snapshot is a bare time (AddTime), released with the event's own time (Own): a late event's time
    // must not move the correlator past windows that other late events still have open.
    private readonly Queue<(EventSnapshot? Snap, long Own, long Time, long Seq)> _inOrder = new();
    private readonly PriorityQueue<(EventSnapshot? Snap, long Own), (long Time, long Seq)> _stragglers = new(TimeThenSeq.Instance);
    private readonly Stack<EventSnapshot> _pool = new();
    private long _seq;
    private long _lastInOrder = long.MinValue;
    private long _maxTime = long.MinValue;
    private long _released = long.MinValue;

    public TimeSpan Lateness { get; } = lateness;

    /// <summary>The fields (by id) a held event keeps; null: all. The correlator's <see cref="Correlation.ICorrelator.FieldsRead"/>.</summary>
    public bool[]? Keep { get; init; }
    public long Late { get; private set; }
    public int Count => _inOrder.Count + _stragglers.Count;

    /// <summary>Adds an event; returns the events now ready, in time order, via <paramref name="release"/>.</summary>
    public void Add(NormalizedEvent e, Action<EventSnapshot> release)
    {
        long t = e.TimeTicks ?? (_maxTime == long.MinValue ? 0 : _maxTime);
        var snap = _pool.TryPop(out var free) ? free.Recapture(e, Keep) : EventSnapshot.Capture(e, Keep);
        Enqueue(snap, t, release);
    }

    /// <summary>
    /// Adds the time of an event that needs no snapshot (no rule can match it): released as a call to the
    /// constructor's <c>advance</c>, in order among the events. An event without a time moves nothing and is not queued.
    /// </summary>
    public void AddTime(long? time, Action<EventSnapshot> release)
    {
        if (advance is null) throw new InvalidOperationException("this buffer was made without an advance callback");
        if (time is { } t) Enqueue(null, t, release);
    }

    private void Enqueue(EventSnapshot? snap, long t, Action<EventSnapshot> release)
    {
        if (t < _released) Late++;
        long key = Math.Max(t, _released);
        if (key >= _lastInOrder)
        {
            _inOrder.Enqueue((snap, t, key, _seq++));
            _lastInOrder = key;
        }
        else _stragglers.Enqueue((snap, t), (key, _seq++));
        if (t > _maxTime) _maxTime = t;
        ReleaseUpTo(_maxTime - Lateness.Ticks, release);
    }

    /// <summary>End of input: everything still held, in order.</summary>
    public void Flush(Action<EventSnapshot> release) => ReleaseUpTo(long.MaxValue, release);

    private void ReleaseUpTo(long horizon, Action<EventSnapshot> release)
    {
        while (true)
        {
            bool haveFifo = _inOrder.TryPeek(out var head);
            bool haveHeap = _stragglers.TryPeek(out var straggler, out var sk);
            EventSnapshot? next;
            long time, own;
            if (haveFifo && (!haveHeap || head.Time < sk.Time || (head.Time == sk.Time && head.Seq < sk.Seq)))
            {
                if (head.Time > horizon) return;
                _inOrder.Dequeue();
                (next, own, time) = (head.Snap, head.Own, head.Time);
            }
            else if (haveHeap)
            {
                if (sk.Time > horizon) return;
                _stragglers.Dequeue();
                (next, own, time) = (straggler.Snap, straggler.Own, sk.Time);
            }
            else return;
            _released = Math.Max(_released, time);
            if (next is null)
            {
                advance!(own);
                continue;
            }
            release(next);
            if (_pool.Count < MaxPooled) _pool.Push(next);
        }
    }

    private sealed class TimeThenSeq : IComparer<(long Time, long Seq)>
    {
        public static readonly TimeThenSeq Instance = new();
        public int Compare((long Time, long Seq) x, (long Time, long Seq) y) =>
            x.Time != y.Time ? x.Time.CompareTo(y.Time) : x.Seq.CompareTo(y.Seq);
    }
}
