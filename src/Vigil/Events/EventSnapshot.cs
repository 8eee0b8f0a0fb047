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

    public static EventSnapshot Capture(NormalizedEvent e)
    {
        var snap = new EventSnapshot(new int[e.Count], new Value[e.Count], e.TimeTicks);
        snap.Fill(e);
        return snap;
    }

    /// <summary>Reuses this snapshot's arrays for another event. Only for an owner that knows nobody else holds it.</summary>
    internal EventSnapshot Recapture(NormalizedEvent e)
    {
        if (_ids.Length < e.Count)
        {
            _ids = new int[e.Count];
            _values = new Value[e.Count];
        }
        else Array.Clear(_values, e.Count, _count > e.Count ? _count - e.Count : 0); // drop references past the new end
        _count = e.Count;
        TimeTicks = e.TimeTicks;
        Fill(e);
        return this;
    }

    private void Fill(NormalizedEvent e)
    {
        int i = 0;
        foreach (var id in e)
        {
            _ids[i] = id.Value;
            _values[i] = e[id];
            i++;
        }
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
