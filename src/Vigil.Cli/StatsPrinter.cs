using Spectre.Console;
using Vigil.Pipeline;

namespace Vigil.Cli;

/// <summary>Prints a run's accounting and rates to stderr (stdout carries the events).</summary>
internal static class StatsPrinter
{
    public static void Print(EventPipeline pipeline, bool correlation)
    {
        var s = pipeline.Stats;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var totals = new Table().Border(TableBorder.Rounded).Title("events").AddColumn("").AddColumn(new TableColumn("count").RightAligned());
        totals.AddRow("input", s.Input.ToString("N0"));
        totals.AddRow("normalized", s.Normalized.ToString("N0"));
        totals.AddRow("unmatched (kept raw)", s.Unmatched.ToString("N0") + (s.Dropped > 0 ? $" ({s.Dropped:N0} dropped by formulas)" : ""));
        totals.AddRow("rejected", s.Rejected.ToString("N0"));
        foreach (var (kind, n) in s.RejectedByKind.OrderByDescending(k => k.Value)) totals.AddRow($"  {kind}", n.ToString("N0"));
        if (pipeline.Reader.Counts.Empty > 0) totals.AddRow("blank lines (skipped)", pipeline.Reader.Counts.Empty.ToString("N0"));
        if (correlation) totals.AddRow("correlation events", s.Correlations.ToString("N0"));
        if (pipeline.LateEvents > 0) totals.AddRow("late events (past lateness)", pipeline.LateEvents.ToString("N0"));
        if (pipeline.Tables.RejectedWrites > 0)
            totals.AddRow("table writes refused", $"{pipeline.Tables.RejectedWrites:N0} (last: {Markup.Escape(pipeline.Tables.LastWriteError ?? "?")})");
        totals.AddRow("elapsed", $"{s.Elapsed.TotalSeconds:F2} s");
        totals.AddRow("throughput", $"{s.EventsPerSecond:N0} events/s");
        console.Write(totals);

        if (s.PerFormula.Count > 0)
        {
            var formulas = new Table().Border(TableBorder.Rounded).Title("per formula").AddColumn("formula").AddColumn(new TableColumn("events").RightAligned());
            foreach (var (name, n) in s.PerFormula.OrderByDescending(k => k.Value).ThenBy(k => k.Key).Take(40)) formulas.AddRow(Markup.Escape(name), n.ToString("N0"));
            if (s.PerFormula.Count > 40) formulas.AddRow($"… {s.PerFormula.Count - 40} more", "");
            console.Write(formulas);
        }
        if (correlation && pipeline.Engine is { } engine)
        {
            var rules = new Table().Border(TableBorder.Rounded).Title("per rule").AddColumn("rule").AddColumn(new TableColumn("matched").RightAligned())
                .AddColumn(new TableColumn("fired").RightAligned()).AddColumn(new TableColumn("live").RightAligned()).AddColumn(new TableColumn("evicted").RightAligned());
            foreach (var r in engine.Rules)
            {
                var st = engine.StatsFor(r);
                if (st.EventsMatched == 0 && st.Fired == 0) continue;
                rules.AddRow(Markup.Escape(r.Name) + (st.Disabled ? " [red](disabled by loop guard)[/]" : ""), st.EventsMatched.ToString("N0"), st.Fired.ToString("N0"), st.LiveInstances.ToString("N0"), st.Evicted.ToString("N0"));
            }
            console.Write(rules);
        }
    }
}
