using Vigil.Correlation;

namespace Vigil.Tests.Correlation;

/// <summary>Demonstrations of the correlation semantics (docs/semantics.md): feed events, say why each counts.</summary>
public class CorrelationEngineTests
{
    private const string Events = """
        event A:
            key: event_src.host
            filter { filter::NotFromCorrelator() and msgid == "a" }
        event B:
            key: event_src.host
            filter { filter::NotFromCorrelator() and msgid == "b" }

        """;

    [Fact]
    public void Sequence_fires_when_the_second_event_follows_the_first_within_the_window()
    {
        var h = new RuleHarness(Events + "rule R: A -> B within 10s\n on B { $src.ip = src.ip }\nemit { $correlation_type = \"event\" }\n");
        h.Feed(0, ("msgid", "a"), ("event_src.host", "h1"));
        h.Feed(5, ("msgid", "b"), ("event_src.host", "h1"), ("src.ip", "10.0.0.1"));
        Assert.Equal(1, h.Fired("R"));
        Assert.Equal("10.0.0.1", h.Output[0].Get("src.ip").ToText());
        // The correlation event happens when its last source event did.
        Assert.Equal("2024-01-01T00:00:05.000Z", h.Output[0].Get("time").ToText());
    }

    [Fact]
    public void Sequence_outside_its_window_does_not_fire()
    {
        var h = new RuleHarness(Events + "rule R: A -> B within 10s\nemit { $x = 1 }\n");
        h.Feed(0, ("msgid", "a"), ("event_src.host", "h1"));
        h.Feed(11, ("msgid", "b"), ("event_src.host", "h1")); // 11 s after A: the group no longer fits
        h.Flush();
        Assert.Equal(0, h.Fired("R"));
    }

    [Fact]
    public void Events_of_other_keys_never_combine()
    {
        var h = new RuleHarness(Events + "rule R: A -> B\nemit { $x = 1 }\n");
        h.Feed(0, ("msgid", "a"), ("event_src.host", "h1"));
        h.Feed(1, ("msgid", "b"), ("event_src.host", "h2")); // other host: its own instance, which B cannot start
        Assert.Equal(0, h.Fired("R"));
        h.Feed(2, ("msgid", "b"), ("event_src.host", "h1"));
        Assert.Equal(1, h.Fired("R"));
    }

    [Fact]
    public void Sequence_does_not_fire_when_the_order_is_reversed()
    {
        var h = new RuleHarness(Events + "rule R: A -> B\nemit { $x = 1 }\n");
        h.Feed(0, ("msgid", "b"), ("event_src.host", "h1")); // B cannot start A -> B
        h.Feed(1, ("msgid", "a"), ("event_src.host", "h1"));
        h.Flush();
        Assert.Equal(0, h.Fired("R"));
    }

    [Fact]
    public void And_accepts_either_order()
    {
        var h = new RuleHarness(Events + "rule R: A and B within 1m\nemit { $x = 1 }\n");
        h.Feed(0, ("msgid", "b"), ("event_src.host", "h1"));
        h.Feed(30, ("msgid", "a"), ("event_src.host", "h1"));
        Assert.Equal(1, h.Fired("R"));
    }

    [Fact]
    public void Timer_absorbs_repetitions_and_fires_once_at_expiry_stamped_with_the_expiry()
    {
        var h = new RuleHarness(Events + "rule R: A[3,] timer 10s\n init { $count.subevents = 0 }\n on A { $count.subevents = $count.subevents + 1 }\nemit { $x = 1 }\n");
        for (int i = 0; i < 7; i++) h.Feed(i, ("msgid", "a"), ("event_src.host", "h1"));
        Assert.Equal(0, h.Fired("R")); // still absorbing
        h.Feed(20, ("msgid", "zzz"), ("event_src.host", "h1")); // time passes the deadline (0 s + 10 s)
        Assert.Equal(1, h.Fired("R"));
        Assert.Equal(7, h.Output[0].Get("count.subevents").AsNumber);
        Assert.Equal("2024-01-01T00:00:10.000Z", h.Output[0].Get("time").ToText());
    }

    [Fact]
    public void Timer_that_cannot_take_more_fires_at_once()
    {
        var h = new RuleHarness(Events + "rule R: A[2] timer 1m\nemit { $x = 1 }\n");
        h.Feed(0, ("msgid", "a"), ("event_src.host", "h1"));
        h.Feed(3, ("msgid", "a"), ("event_src.host", "h1"));
        Assert.Equal(1, h.Fired("R"));
        Assert.Equal("2024-01-01T00:00:03.000Z", h.Output[0].Get("time").ToText());
    }

    [Fact]
    public void Optional_part_is_awaited_by_a_timer_and_close_cancels_the_alert()
    {
        // The CA-export / token pattern: alert on A unless B follows within the window.
        var h = new RuleHarness(Events + "rule R: (A and B?) timer 1m\n on A { $event_src.host = event_src.host }\n on B { close }\nemit { $x = 1 }\n");
        h.Feed(0, ("msgid", "a"), ("event_src.host", "h1"));
        h.Feed(10, ("msgid", "b"), ("event_src.host", "h1")); // B arrives: close
        h.Feed(0 + 100, ("msgid", "a"), ("event_src.host", "h2"));
        h.Flush(); // h2's instance expires with only A: fires
        Assert.Equal(1, h.Fired("R"));
        Assert.Equal("h2", h.Output[0].Get("event_src.host").ToText());
    }

    [Fact]
    public void With_different_counts_distinct_values_only()
    {
        var h = new RuleHarness(Events + "rule R: A[3] with different object.name within 1m\nemit { $x = 1 }\n");
        h.Feed(0, ("msgid", "a"), ("event_src.host", "h1"), ("object.name", "x"));
        h.Feed(1, ("msgid", "a"), ("event_src.host", "h1"), ("object.name", "x")); // repeated value: not counted
        h.Feed(2, ("msgid", "a"), ("event_src.host", "h1"), ("object.name", "y"));
        Assert.Equal(0, h.Fired("R"));
        h.Feed(3, ("msgid", "a"), ("event_src.host", "h1"), ("object.name", "z"));
        Assert.Equal(1, h.Fired("R"));
    }

    [Fact]
    public void Repetition_then_the_same_event_completes_on_the_second()
    {
        // X+ -> X on three events fires once (SysmonDrv_handle_hijacking): the second completes, the third starts anew.
        var h = new RuleHarness(Events + "rule R: A+ -> A\nemit { $x = 1 }\n");
        for (int i = 0; i < 3; i++) h.Feed(i, ("msgid", "a"), ("event_src.host", "h1"));
        h.Flush();
        Assert.Equal(1, h.Fired("R"));
    }

    [Fact]
    public void Null_key_fields_group_together()
    {
        var h = new RuleHarness(Events + "rule R: A -> B\nemit { $x = 1 }\n");
        h.Feed(0, ("msgid", "a")); // no event_src.host
        h.Feed(1, ("msgid", "b"));
        Assert.Equal(1, h.Fired("R"));
    }

    [Fact]
    public void Keys_of_different_types_combine_by_their_text()
    {
        // src.ip is an IP and dst.port a number in the taxonomy; object.name and object.id are strings.
        var h = new RuleHarness("""
            event A:
                key: src.ip, dst.port
                filter { msgid == "a" }
            event B:
                key: object.name, object.id
                filter { msgid == "b" }
            rule R: A -> B
            emit { $x = 1 }

            """);
        h.Feed(0, ("msgid", "a"), ("src.ip", "10.0.0.1"), ("dst.port", 445));
        h.Feed(1, ("msgid", "b"), ("object.name", "10.0.0.1"), ("object.id", "444")); // other port: no match
        Assert.Equal(0, h.Fired("R"));
        h.Feed(2, ("msgid", "b"), ("object.name", "10.0.0.1"), ("object.id", "445"));
        Assert.Equal(1, h.Fired("R"));
    }

    [Fact]
    public void Many_open_multi_field_keys_each_complete_with_their_own_events()
    {
        // Q's X takes every "a" too, so one event has two routes and their keys are built in different buffers.
        var h = new RuleHarness("""
            event X:
                key: event_src.host, subject.account.name
                filter { msgid == "a" }
            event Y:
                key: event_src.host, subject.account.name
                filter { msgid == "y" }
            rule Q: X -> Y
            emit { $x = 1 }

            event A:
                key: event_src.host, subject.account.name
                filter { msgid == "a" }
            event B:
                key: event_src.host, subject.account.name
                filter { msgid == "b" }
            rule R: A -> B
                on B { $subject.account.name = subject.account.name }
            emit { $x = 1 }

            """);
        for (int i = 0; i < 20; i++) h.Feed(i, ("msgid", "a"), ("event_src.host", "h1"), ("subject.account.name", $"u{i}"));
        h.Feed(30, ("msgid", "b"), ("event_src.host", "h1"), ("subject.account.name", "nobody")); // no such key open
        for (int i = 19; i >= 0; i--) h.Feed(40 + i, ("msgid", "b"), ("event_src.host", "h1"), ("subject.account.name", $"u{i}"));
        Assert.Equal(Enumerable.Range(0, 20).Reverse().Select(i => $"u{i}"), h.Output.Select(o => o.Get("subject.account.name").ToText()));
        Assert.Equal(20, h.Engine.LiveInstances); // Q's twenty X's wait for a Y; "nobody"'s B started nothing
    }

    [Fact]
    public void Emit_keeps_every_field_handlers_set_however_many()
    {
        // More $fields than an instance reserves up front: the instance state grows as handlers write.
        var fields = new[] { "src.host", "src.hostname", "src.fqdn", "dst.host", "dst.hostname", "dst.fqdn", "object.name",
            "object.path", "object.value", "datafield1", "datafield2", "datafield3", "datafield4", "datafield5" };
        var handler = string.Join("\n", fields.Select((f, i) => $"    ${f} = \"v{i}\""));
        var h = new RuleHarness(Events + $"rule R: A -> B\n on B {{\n{handler}\n }}\nemit {{ $correlation_type = \"event\" }}\n");
        h.Feed(0, ("msgid", "a"), ("event_src.host", "h1"));
        h.Feed(1, ("msgid", "b"), ("event_src.host", "h1"));
        Assert.Equal(1, h.Fired("R"));
        for (int i = 0; i < fields.Length; i++) Assert.Equal($"v{i}", h.Output[0].Get(fields[i]).ToText());
        Assert.Equal("event", h.Output[0].Get("correlation_type").ToText());
    }

    [Fact]
    public void Many_instances_of_one_key_each_complete_in_creation_order()
    {
        // Three open A's of one host, then B's: each B completes the oldest open instance (the key's chain, oldest first).
        var h = new RuleHarness(Events + "rule R: A -> B\n on A { $object.name = object.name }\nemit { $x = 1 }\n");
        for (int i = 0; i < 3; i++) h.Feed(i, ("msgid", "a"), ("event_src.host", "h1"), ("object.name", $"a{i}"));
        for (int i = 0; i < 3; i++) h.Feed(10 + i, ("msgid", "b"), ("event_src.host", "h1"));
        Assert.Equal(["a0", "a1", "a2"], h.Output.Select(o => o.Get("object.name").ToText()));
        Assert.Equal(0, h.Engine.LiveInstances);
    }

    [Fact]
    public void Cascade_feeds_a_correlation_event_to_another_rule()
    {
        var rule = Events + """
            event Sub:
                key: event_src.host
                filter { correlation_name == "R" }
            rule R: A
             on A { $event_src.host = event_src.host }
            emit { $correlation_type = "subrule" }
            rule Top: Sub
             on Sub { $event_src.host = event_src.host }
            emit { $correlation_type = "incident" }

            """;
        var h = new RuleHarness(rule);
        h.Feed(0, ("msgid", "a"), ("event_src.host", "h1"));
        Assert.Equal(1, h.Fired("R"));
        Assert.Equal(1, h.Fired("Top"));
    }

    [Fact]
    public void Loop_guard_disables_a_runaway_rule_and_says_so()
    {
        var h = new RuleHarness(Events + "rule R: A\nemit { $x = 1 }\n", new CorrelationOptions { MaxFiresPerSecond = 5, AssignUuids = false });
        for (int i = 0; i < 20; i++) h.Feed(0, ("msgid", "a"), ("event_src.host", "h1"));
        Assert.Equal(5, h.Fired("R"));
        Assert.Equal(1, h.Fired("vigil_loop_guard"));
        Assert.True(h.Engine.StatsFor(h.Engine.Rules[0]).Disabled);
    }

    [Fact]
    public void Instances_beyond_the_limit_evict_the_oldest()
    {
        var h = new RuleHarness(Events + "rule R: A -> B\nemit { $x = 1 }\n", new CorrelationOptions { MaxInstancesPerRule = 3, AssignUuids = false });
        for (int i = 0; i < 5; i++) h.Feed(i, ("msgid", "a"), ("event_src.host", $"h{i}"));
        var stats = h.Engine.StatsFor(h.Engine.Rules[0]);
        Assert.Equal(3, stats.LiveInstances);
        Assert.Equal(2, stats.Evicted);
        h.Feed(10, ("msgid", "b"), ("event_src.host", "h0")); // h0 was evicted
        Assert.Equal(0, h.Fired("R"));
        h.Feed(11, ("msgid", "b"), ("event_src.host", "h4"));
        Assert.Equal(1, h.Fired("R"));
    }

    [Fact]
    public void Windowless_instances_expire_after_the_configured_lifetime()
    {
        var h = new RuleHarness(Events + "rule R: A -> B\nemit { $x = 1 }\n", new CorrelationOptions { WindowlessLifetime = TimeSpan.FromSeconds(30), AssignUuids = false });
        h.Feed(0, ("msgid", "a"), ("event_src.host", "h1"));
        h.Feed(60, ("msgid", "b"), ("event_src.host", "h1"));
        Assert.Equal(0, h.Fired("R"));
    }

    [Fact]
    public void Router_index_turns_away_values_of_other_lengths_or_first_letters_and_keeps_case_variants()
    {
        var h = new RuleHarness("""
            event A:
                key: event_src.host
                filter { lower(object.name) == "kmd.exe" and action == "start" }

            rule R: A
            emit { $correlation_type = "event" }

            """);
        // The index keeps what lowering could make equal: upper case, and the Kelvin sign, which lowers to 'k'.
        Assert.True(h.Engine.MayMatch(h.Event(0, ("object.name", "KMD.EXE"), ("action", "start"))));
        Assert.True(h.Engine.MayMatch(h.Event(0, ("object.name", "\u212AMD.exe"), ("action", "start"))));
        // Another length, another first letter, or the other indexed field off: no declaration is a candidate.
        Assert.False(h.Engine.MayMatch(h.Event(0, ("object.name", "kmd.exe "), ("action", "begin"))));
        Assert.False(h.Engine.MayMatch(h.Event(0, ("object.name", "cmd.exe"), ("action", "stop"))));
        h.Feed(1, ("object.name", "\u212AMD.EXE"), ("action", "start"), ("event_src.host", "h"));
        h.Feed(2, ("object.name", "kmd.ex"), ("action", "start"), ("event_src.host", "h"));
        Assert.Equal(1, h.Fired("R"));
    }

    [Fact]
    public void A_rule_reads_the_fields_of_its_filters_keys_handlers_emit_and_with_different_and_no_others()
    {
        var h = new RuleHarness("""
            event A:
                key: event_src.host
                filter { msgid == "a" and lower(object.name) == "x" }

            rule R: A[2,] with different dst.ip within 1m
            on A { $subject.account.name = subject.account.name }
            emit { $src.ip = if src.port > 0 then src.ip else "" endif }

            """);
        var read = h.Engine.Rules[0].FieldsRead!.Select(f => Vigil.Events.Taxonomy.Default[f].Name).ToHashSet();
        Assert.Equal(["dst.ip", "event_src.host", "msgid", "object.name", "src.ip", "src.port", "subject.account.name", "time"], read.Order());
        // The reorder buffer keeps those: a chain over held events fires as one over whole events would.
        var mask = h.Engine.FieldsRead!;
        Assert.True(mask[Vigil.Events.Taxonomy.Default.Require("dst.ip").Value]);
        Assert.False(mask[Vigil.Events.Taxonomy.Default.Require("object.type").Value]);
    }
}
