using Vigil.Correlation;
using Vigil.Events;
using Vigil.KnowledgeBase;
using Vigil.Pipeline;
using Vigil.Tables;

namespace Vigil.Tests.Correlation;

/// <summary>Events and rules that misbehave get defined, documented outcomes (docs/semantics.md), never a crash.</summary>
public class CorrelationBadInputTests
{
    private const string Events = """
        event A:
            key: event_src.host
            filter { msgid == "a" }
        event B:
            key: event_src.host
            filter { msgid == "b" }

        """;

    private static CompiledKnowledgeBase Compile(params (string Path, string Text)[] files)
    {
        var kb = Language.BinderTests.Load(files);
        Assert.False(kb.HasErrors, string.Join("\n", kb.Diagnostics.Select(d => d.ToString())));
        return CompiledKnowledgeBase.Compile(kb);
    }

    private static NormalizedEvent At(CompiledKnowledgeBase kb, int second, string msgid, string host = "h1", string? user = null)
    {
        var e = new NormalizedEvent(kb.Taxonomy);
        e.Set("time", Value.DateTime(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(second)));
        e.Set("msgid", Value.String(msgid));
        e.Set("event_src.host", Value.String(host));
        if (user is not null) e.Set("subject.account.name", Value.String(user));
        return e;
    }

    private sealed class Alerts : IPipelineSink
    {
        public readonly List<string> Names = [];
        public void Correlation(NormalizedEvent e) => Names.Add(e.Get("correlation_name").ToText() ?? "?");
    }

    [Fact]
    public void A_table_write_of_the_wrong_type_is_refused_with_a_reason_and_the_rule_still_fires()
    {
        var kb = Compile(
            ("lists/Seen/table.tl", """
                name: Seen
                fillType: CorrelationRule
                fields:
                  - user: {type: String, primaryKey: true, nullable: false}
                  - count: {type: Number, nullable: true}
                """),
            ("rules/R/rule.co", Events + """
                rule R: A
                    on A {
                        insert_into Seen {
                            column::user = subject.account.name
                            column::count = "many"
                        }
                    }
                emit { $correlation_type = "event" }

                """));
        using var tables = new TableSet(kb.TableSchemas);
        var output = new List<NormalizedEvent>();
        var engine = new CorrelationEngine(kb.Rules, kb.Taxonomy, new CorrelationOptions { AssignUuids = false }, tables) { Output = output.Add };
        engine.Process(At(kb, 0, "a", user: "alice"));
        Assert.Single(output);
        Assert.Equal(1, tables.RejectedWrites);
        Assert.Contains("count", tables.LastWriteError);
        Assert.Equal(0, tables.Tables["Seen"].Count);
    }

    [Fact]
    public void Events_out_of_order_within_the_lateness_are_reordered_and_still_combine()
    {
        var kb = Compile(("rules/R/rule.co", Events + "rule R: A -> B within 10s\nemit { $x = 1 }\n"));
        var alerts = new Alerts();
        using var pipeline = new EventPipeline(kb, new PipelineOptions { Correlate = true, Lateness = TimeSpan.FromSeconds(60) }, alerts);
        pipeline.ProcessNormalized(At(kb, 5, "b"));  // arrives first, happened second
        pipeline.ProcessNormalized(At(kb, 0, "a"));
        pipeline.Complete();
        Assert.Equal(["R"], alerts.Names);
        Assert.Equal(0, pipeline.LateEvents);
    }

    [Fact]
    public void An_event_later_than_the_lateness_is_counted_late_and_cannot_join_a_closed_window()
    {
        var kb = Compile(("rules/R/rule.co", Events + "rule R: A -> B within 10s\nemit { $x = 1 }\n"));
        var alerts = new Alerts();
        using var pipeline = new EventPipeline(kb, new PipelineOptions { Correlate = true, Lateness = TimeSpan.FromSeconds(60) }, alerts);
        pipeline.ProcessNormalized(At(kb, 0, "a"));
        pipeline.ProcessNormalized(At(kb, 100, "a", host: "h2")); // releases A@0
        pipeline.ProcessNormalized(At(kb, 200, "a", host: "h3")); // releases A@100: correlation time passes A@0's window
        pipeline.ProcessNormalized(At(kb, 5, "b"));                // time going backwards by 195 s, past the lateness
        pipeline.Complete();
        Assert.Empty(alerts.Names);
        Assert.Equal(1, pipeline.LateEvents);
    }

    [Fact]
    public void A_duplicate_event_counts_twice_the_correlator_does_not_deduplicate()
    {
        var kb = Compile(("rules/R/rule.co", Events + "rule R: A[2] within 10s\nemit { $x = 1 }\n"));
        var alerts = new Alerts();
        using var pipeline = new EventPipeline(kb, new PipelineOptions { Correlate = true }, alerts);
        var e = At(kb, 0, "a");
        pipeline.ProcessNormalized(e);
        pipeline.ProcessNormalized(e);
        pipeline.Complete();
        Assert.Equal(["R"], alerts.Names);
    }

    [Fact]
    public void An_event_no_rule_matches_still_moves_time_and_fires_a_timer_on_arrival()
    {
        var kb = Compile(("rules/R/rule.co", Events + "rule R: A+ timer 10s\nemit { $x = 1 }\n"));
        var alerts = new Alerts();
        using var pipeline = new EventPipeline(kb, new PipelineOptions { Correlate = true, Lateness = TimeSpan.Zero }, alerts);
        pipeline.ProcessNormalized(At(kb, 0, "a"));
        pipeline.ProcessNormalized(At(kb, 5, "other"));
        Assert.Empty(alerts.Names);                     // 5 s: the timer is still running
        pipeline.ProcessNormalized(At(kb, 20, "other")); // matches no rule, but it is 20 s now
        Assert.Equal(["R"], alerts.Names);
        pipeline.Complete();
        Assert.Equal(["R"], alerts.Names);
    }

    [Fact]
    public void Late_events_that_match_no_rule_do_not_close_the_windows_of_late_events_that_do()
    {
        // A whole recording older than what came before (files read one after another): its events are late,
        // and its own chains must still combine, whatever the events between them that no rule matches.
        var kb = Compile(("rules/R/rule.co", Events + "rule R: A -> B within 10s\nemit { $x = 1 }\n"));
        var alerts = new Alerts();
        using var pipeline = new EventPipeline(kb, new PipelineOptions { Correlate = true, Lateness = TimeSpan.FromSeconds(60) }, alerts);
        pipeline.ProcessNormalized(At(kb, 10_000, "other"));
        pipeline.ProcessNormalized(At(kb, 20_000, "other")); // releases the first: time is at 10,000 s
        pipeline.ProcessNormalized(At(kb, 0, "a"));
        pipeline.ProcessNormalized(At(kb, 2, "other"));
        pipeline.ProcessNormalized(At(kb, 5, "b"));
        pipeline.Complete();
        Assert.Equal(["R"], alerts.Names);
        Assert.Equal(3, pipeline.LateEvents);
    }
}
