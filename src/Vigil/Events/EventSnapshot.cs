namespace Vigil.Events;

/// <summary>
/// A compact, immutable copy of a normalized event: only the set fields (ids and values), so thousands can wait
/// in a reorder buffer or an event cache without the full slot array of a <see cref="NormalizedEvent"/>.
/// Immutable once handed out, except that its owner may <see cref="Recapture"/> it when nobody else holds it
/// (the reorder buffer recycles the snapshots it has released).
/// </summary>
public sealed class EventSnapshot
{
    private int[] _ids;
    private Value[] _values;
    private int _count;

    private EventSnapshot(int[] ids, Value[] values, long? time)
    {
        _ids = ids;
        _values = values;
        _count = ids.Length;
        TimeTicks = time;
    }

    public long? TimeTicks { get; private set; }
    public int Count => _count;

    /// <summary>A copy of <paramref name="e"/>; with <paramref name="keep"/> (indexed by field id), of just the fields it marks.</summary>
    public static EventSnapshot Capture(NormalizedEvent e, bool[]? keep = null)
    {
        var snap = new EventSnapshot(new int[e.Count], new Value[e.Count], e.TimeTicks);
        snap.Fill(e, keep);
        return snap;
    }

    /// <summary>Reuses this snapshot's arrays for another event. Only for an owner that knows nobody else holds it.</summary>
    internal EventSnapshot Recapture(NormalizedEvent e, bool[]? keep = null)
    {
        if (_ids.Length < e.Count)
        {
            _ids = new int[e.Count];
            _values = new Value[e.Count];
        }
        int before = _count;
        TimeTicks = e.TimeTicks;
        Fill(e, keep);
        if (before > _count) Array.Clear(_values, _count, before - _count); // drop references past the new end
        return this;
    }

    private void Fill(NormalizedEvent e, bool[]? keep)
    {
        int i = 0;
        foreach (var id in e)
        {
            if (keep is not null && !keep[id.Value]) continue;
            _ids[i] = id.Value;
            _values[i] = e[id];
            i++;
        }
        _count = i;
    }

    public void CopyTo(NormalizedEvent target)
    {
        target.Clear();
        for (int i = 0; i < _count; i++) target.SetRaw(new FieldId(_ids[i]), _values[i]);
    }

    public NormalizedEvent ToEvent(Taxonomy taxonomy)
    {
        var e = new NormalizedEvent(taxonomy);
        CopyTo(e);
        return e;
    }
}
