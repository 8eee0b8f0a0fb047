using Vigil.Events;

namespace Vigil.Pipeline;

/// <summary>
/// Event-time ordering with bounded lateness: events are held until the newest time seen is more than
/// <see cref="Lateness"/> past them, then released oldest first (ties in arrival order). An event later than
/// that arrives after the watermark; it is released at once and counted as late (correlation still sees it,
/// but windows that closed before it cannot take it).
/// Released snapshots are recycled: the release callback must copy what it needs and not keep the snapshot.
/// </summary>
public sealed class ReorderBuffer(TimeSpan lateness)
{
    private const int MaxPooled = 1024;
    private readonly PriorityQueue<EventSnapshot, (long Time, long Seq)> _queue = new();
    private readonly Stack<EventSnapshot> _pool = new();
    private long _seq;
    private long _maxTime = long.MinValue;
    private long _released = long.MinValue;

    public TimeSpan Lateness { get; } = lateness;
    public long Late { get; private set; }
    public int Count => _queue.Count;

    /// <summary>Adds an event; returns the events now ready, in time order, via <paramref name="release"/>.</summary>
    public void Add(NormalizedEvent e, Action<EventSnapshot> release)
    {
        long t = e.TimeTicks ?? (_maxTime == long.MinValue ? 0 : _maxTime);
        if (t < _released) Late++;
        var snap = _pool.TryPop(out var free) ? free.Recapture(e) : EventSnapshot.Capture(e);
        _queue.Enqueue(snap, (Math.Max(t, _released), _seq++));
        if (t > _maxTime) _maxTime = t;
        long horizon = _maxTime - Lateness.Ticks;
        while (_queue.TryPeek(out var ready, out var key) && key.Time <= horizon)
        {
            _queue.Dequeue();
            _released = Math.Max(_released, key.Time);
            release(ready);
            if (_pool.Count < MaxPooled) _pool.Push(ready);
        }
    }

    /// <summary>End of input: everything still held, in order.</summary>
    public void Flush(Action<EventSnapshot> release)
    {
        while (_queue.TryDequeue(out var snap, out var key))
        {
            _released = Math.Max(_released, key.Time);
            release(snap);
            if (_pool.Count < MaxPooled) _pool.Push(snap);
        }
    }
}
