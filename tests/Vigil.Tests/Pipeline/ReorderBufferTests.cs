using Vigil.Events;
using Vigil.Pipeline;

namespace Vigil.Tests.Pipeline;

public class ReorderBufferTests
{
    private static readonly Taxonomy Tax = Taxonomy.Default;

    private static NormalizedEvent Event(int second, params (string Field, string Value)[] fields)
    {
        var e = new NormalizedEvent(Tax);
        e.Set("time", Value.DateTime(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(second)));
        foreach (var (f, v) in fields) e.Set(f, Value.String(v));
        return e;
    }

    [Fact]
    public void Releases_in_event_time_order_and_recycled_snapshots_carry_only_their_own_fields()
    {
        var buffer = new ReorderBuffer(TimeSpan.FromSeconds(10));
        var seen = new List<(long Time, string? Msgid, string? Host)>();
        var work = new NormalizedEvent(Tax);
        void Release(EventSnapshot s)
        {
            s.CopyTo(work);
            seen.Add((work.TimeTicks ?? 0, work.Get("msgid").ToText(), work.Get("event_src.host").ToText()));
        }
        // Big events first, then small ones that reuse their snapshots: no field may leak from the old event.
        for (int i = 0; i < 50; i++) buffer.Add(Event(i * 2 + 1, ("msgid", $"m{i}"), ("event_src.host", "h")), Release);
        for (int i = 0; i < 50; i++) buffer.Add(Event(100 + i * 2, ("msgid", $"n{i}")), Release);
        buffer.Add(Event(5, ("msgid", "late")), Release); // behind what was already released
        buffer.Flush(Release);
        Assert.Equal(101, seen.Count);
        Assert.Equal(1, buffer.Late);
        Assert.All(seen.Where(s => s.Msgid!.StartsWith('n')), s => Assert.Null(s.Host));
        Assert.All(seen.Where(s => s.Msgid!.StartsWith('m')), s => Assert.Equal("h", s.Host));
        var inOrder = seen.Where(s => s.Msgid != "late").Select(s => s.Time).ToList();
        Assert.Equal(inOrder.Order().ToList(), inOrder);
    }

    [Fact]
    public void Stragglers_merge_with_in_order_events_and_equal_times_keep_arrival_order()
    {
        var buffer = new ReorderBuffer(TimeSpan.FromSeconds(100));
        var order = new List<string>();
        var work = new NormalizedEvent(Tax);
        void Release(EventSnapshot s)
        {
            s.CopyTo(work);
            order.Add(work.Get("msgid").ToText()!);
        }
        buffer.Add(Event(10, ("msgid", "a")), Release);
        buffer.Add(Event(20, ("msgid", "b")), Release);
        buffer.Add(Event(10, ("msgid", "c")), Release); // straggler, same time as a: after a
        buffer.Add(Event(5, ("msgid", "d")), Release);  // straggler, earliest
        buffer.Add(Event(20, ("msgid", "e")), Release);
        Assert.Empty(order); // all within the lateness
        buffer.Flush(Release);
        Assert.Equal(["d", "a", "c", "b", "e"], order);
        Assert.Equal(0, buffer.Late);
    }

    [Fact]
    public void A_bare_time_is_released_in_its_place_among_events_and_a_timeless_one_is_dropped()
    {
        var order = new List<string>();
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var buffer = new ReorderBuffer(TimeSpan.FromSeconds(100), t => order.Add($"t{(new DateTime(t, DateTimeKind.Utc) - start).TotalSeconds}"));
        var work = new NormalizedEvent(Tax);
        void Release(EventSnapshot s)
        {
            s.CopyTo(work);
            order.Add(work.Get("msgid").ToText()!);
        }
        var at = (int second) => start.AddSeconds(second).Ticks;
        buffer.Add(Event(10, ("msgid", "a")), Release);
        buffer.AddTime(at(15), Release);
        buffer.Add(Event(20, ("msgid", "b")), Release);
        buffer.AddTime(at(12), Release); // a straggler time: after a, before t15
        buffer.AddTime(null, Release);   // no time: moves nothing, not queued
        Assert.Equal(4, buffer.Count);
        buffer.AddTime(at(50), Release); // a jump of 30 s…
        buffer.AddTime(at(200), Release); // …and one past the lateness: releases up to 100 s
        buffer.AddTime(at(3), Release);  // late: released at once, with its own time, not the buffer's
        buffer.Flush(Release);
        Assert.Equal(["a", "t12", "t15", "b", "t50", "t3", "t200"], order);
    }

    [Fact]
    public void Held_events_keep_only_the_fields_the_correlator_reads()
    {
        var keep = new bool[Tax.Count];
        keep[Tax.Time.Value] = true;
        keep[Tax.Require("msgid").Value] = true;
        var buffer = new ReorderBuffer(TimeSpan.FromSeconds(10)) { Keep = keep };
        var work = new NormalizedEvent(Tax);
        var seen = new List<(string? Msgid, string? Host, int Count)>();
        void Release(EventSnapshot s)
        {
            s.CopyTo(work);
            seen.Add((work.Get("msgid").ToText(), work.Get("event_src.host").ToText(), work.Count));
        }
        buffer.Add(Event(1, ("msgid", "a"), ("event_src.host", "h"), ("object.name", "x")), Release);
        buffer.Add(Event(2, ("event_src.host", "h")), Release); // nothing kept but its time
        buffer.Flush(Release);
        Assert.Equal([("a", null, 2), (null, null, 1)], seen);
    }
}
