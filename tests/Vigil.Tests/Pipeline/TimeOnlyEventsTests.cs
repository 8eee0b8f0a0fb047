using Vigil.Correlation;
using Vigil.Events;
using Vigil.KnowledgeBase;
using Vigil.Pipeline;

namespace Vigil.Tests.Pipeline;

/// <summary>
/// The pipeline sends events no rule can match to the correlator as bare times; the correlator must end up
/// exactly where offering it every event would have left it.
/// </summary>
public class TimeOnlyEventsTests
{
    private const string Rules = """
        event A:
            key: event_src.host
            filter { msgid == "a" }
        event B:
            key: event_src.host
            filter { msgid == "b" }
        rule Chain: A -> B within 60s
            on B { $event_src.host = event_src.host
                   $object.name = object.name }
        emit { $correlation_type = "event" }

        rule Burst: A+ timer 30s
            on A { $event_src.host = event_src.host }
        emit { $correlation_type = "event" }

        """;

    private static NormalizedEvent At(CompiledKnowledgeBase kb, int second, string msgid, string host, string name)
    {
        var e = new NormalizedEvent(kb.Taxonomy);
        e.Set("time", Value.DateTime(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(second)));
        e.Set("msgid", Value.String(msgid));
        e.Set("event_src.host", Value.String(host));
        e.Set("object.name", Value.String(name));
        return e;
    }

    // Many keys, most events matching nothing, arrival jittered within the lateness, some far too late, and one
    // stretch that jumps back in time (a second recording read after the first).
    private static List<NormalizedEvent> Stream(CompiledKnowledgeBase kb)
    {
        var rng = new Random(11);
        var events = new List<(int Arrival, NormalizedEvent E)>();
        for (int i = 0; i < 6_000; i++)
        {
            int t = i < 4_000 ? i * 3 : (i - 4_000) * 3; // the last 2,000 events restart at time 0
            int arrival = i < 4_000 ? t : 20_000 + t;
            string host = $"h{rng.Next(200)}";
            string msgid = rng.Next(10) switch { 0 => "a", 1 => "b", _ => "noise" };
            int jitter = rng.Next(40) + (rng.Next(60) == 0 ? 400 : 0);
            events.Add((arrival + jitter, At(kb, t + rng.Next(5), msgid, host, $"n{i}")));
        }
        return events.OrderBy(x => x.Arrival).Select(x => x.E).ToList();
    }

    private static string Line(NormalizedEvent e) =>
        $"{e.Get("correlation_name").ToText()} {e.Get("event_src.host").ToText()} {e.Get("object.name").ToText()} {e.Get("time").ToText()}";

    [Fact]
    public void Sending_unmatchable_events_as_bare_times_gives_the_same_correlations_as_offering_every_event()
    {
        var kb = CompiledKnowledgeBase.Compile(Language.BinderTests.Load(("rules/R/rule.co", Rules)));
        var stream = Stream(kb);
        var options = new CorrelationOptions { AssignUuids = false };
        var lateness = TimeSpan.FromSeconds(60);

        // Reference: every event through the reorder buffer and offered to the engine.
        var expected = new List<string>();
        var engine = new CorrelationEngine(kb.Rules, kb.Taxonomy, options) { Output = e => expected.Add(Line(e)) };
        var buffer = new ReorderBuffer(lateness);
        var work = new NormalizedEvent(kb.Taxonomy);
        void Release(EventSnapshot s)
        {
            s.CopyTo(work);
            engine.Process(work);
        }
        foreach (var e in stream) buffer.Add(e, Release);
        buffer.Flush(Release);
        engine.Flush();

        var actual = new Alerts();
        using (var pipeline = new EventPipeline(kb, new PipelineOptions { Correlate = true, Lateness = lateness, Correlation = options }, actual))
        {
            foreach (var e in stream) pipeline.ProcessNormalized(e);
            pipeline.Complete();
            Assert.Equal(buffer.Late, pipeline.LateEvents);
        }
        Assert.True(expected.Count > 200, $"only {expected.Count} correlation events: the stream does not exercise the rules");
        Assert.True(buffer.Late > 100, "the stream should have late events");
        Assert.Equal(expected, actual.Lines);
    }

    private sealed class Alerts : IPipelineSink
    {
        public readonly List<string> Lines = [];
        public void Correlation(NormalizedEvent e) => Lines.Add(Line(e));
    }
}
