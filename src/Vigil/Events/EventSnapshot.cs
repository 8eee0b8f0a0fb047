namespace Vigil.Events;

/// <summary>
/// A compact, immutable copy of a normalized event: only the set fields (ids and values), so thousands can wait
/// in a reorder buffer or an event cache without the full slot array of a <see cref="NormalizedEvent"/>.
/// </summary>
public sealed class EventSnapshot
{
    private readonly int[] _ids;
    private readonly Value[] _values;

    private EventSnapshot(int[] ids, Value[] values, long? time)
    {
        _ids = ids;
        _values = values;
        TimeTicks = time;
    }

    public long? TimeTicks { get; }
    public int Count => _ids.Length;

    public static EventSnapshot Capture(NormalizedEvent e)
    {
        var ids = new int[e.Count];
        var values = new Value[e.Count];
        int i = 0;
        foreach (var id in e)
        {
            ids[i] = id.Value;
            values[i] = e[id];
            i++;
        }
        return new EventSnapshot(ids, values, e.TimeTicks);
    }

    public void CopyTo(NormalizedEvent target)
    {
        target.Clear();
        for (int i = 0; i < _ids.Length; i++) target.SetRaw(new FieldId(_ids[i]), _values[i]);
    }

    public NormalizedEvent ToEvent(Taxonomy taxonomy)
    {
        var e = new NormalizedEvent(taxonomy);
        CopyTo(e);
        return e;
    }
}
