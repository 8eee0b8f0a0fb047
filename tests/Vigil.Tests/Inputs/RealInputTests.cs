using System.Diagnostics;
using Vigil.Events;
using Vigil.Normalization.Inputs;
using Xunit.Abstractions;
using static Vigil.Tests.Inputs.ParseHelper;

namespace Vigil.Tests.Inputs;

public class RealInputTests(ITestOutputHelper output)
{
    private const string EmpireWmi = "datasets/security-datasets/lateral_movement/host/empire_wmi_dcerpc_wmi_IWbemServices_ExecMethod.zip";
    private const string Formulas = "corpus/open-xp-rules/packages/system/normalization_formulas";
    private const string Packages = "corpus/open-xp-rules/packages";

    [SharedDataFact(EmpireWmi)]
    public void The_empire_wmi_recording_reads_completely_and_shows_the_lateral_logon()
    {
        var reader = new RawEventReader();
        var logons = new List<(string Computer, string? Ip, string? User, string? Time)>();
        var sw = Stopwatch.StartNew();
        long dataReads = 0;
        reader.ForEach(SharedData.Find(EmpireWmi)!, ev =>
        {
            Assert.Equal(InputFormat.EventLog, ev.Format);
            Assert.Equal(EventLogShape.Nxlog, ev.Shape);
            var data = Path(ev.Root, "Data").AsMap;
            // A formula-like workload: a dozen Data reads plus the usual system keys.
            foreach (var key in ReadKeys)
                if (!data.Get(key).IsNull) dataReads++;
            _ = Path(ev.Root, "Computer");
            _ = Path(ev.Root, "TimeCreated", "SystemTime");
            _ = Path(ev.Root, "Provider", "Name");
            if (ev.EventId == "4624" && data.Get("TargetLogonId").StringOrNull == "0x32c5cb5")
                logons.Add((Text(ev.Root, "Computer")!, data.Get("IpAddress").StringOrNull, data.Get("TargetUserName").StringOrNull,
                    Text(ev.Root, "TimeCreated", "SystemTime")));
        }, r => Assert.Fail(r.ToString()));
        sw.Stop();

        var counts = reader.Counts;
        Assert.Equal(6383, counts.Events);
        Assert.Equal(counts.Records, counts.Events + counts.Rejected + counts.Empty);
        Assert.Equal(0, counts.SourceErrors);
        var logon = Assert.Single(logons);
        Assert.Equal("WORKSTATION6.theshire.local", logon.Computer);
        Assert.Equal("172.18.39.5", logon.Ip);
        Assert.Equal("pgustavo", logon.User);
        output.WriteLine($"{counts}; {dataReads} data hits; {sw.Elapsed.TotalMilliseconds:F0} ms = {counts.Events / sw.Elapsed.TotalSeconds:N0} events/s (first run, JIT included)");
    }

    private static readonly string[] ReadKeys =
        ["TargetLogonId", "TargetUserName", "TargetDomainName", "SubjectUserName", "SubjectLogonId", "LogonType", "IpAddress",
         "Image", "CommandLine", "ParentImage", "ProcessId", "LogonId"];

    [SharedDataFact("datasets/security-datasets")]
    public void Every_dataset_line_is_an_event_or_a_rejection()
    {
        // The recordings, not the LICENSE beside them.
        var reader = new RawEventReader(new InputOptions { IncludeFile = f => f.EndsWith(".zip", StringComparison.Ordinal) || f.EndsWith(".tar.gz", StringComparison.Ordinal) });
        var shapes = new Dictionary<EventLogShape, long>();
        var rejections = new List<Rejection>();
        reader.ForEach(SharedData.Find("datasets/security-datasets")!, ev =>
        {
            shapes[ev.Shape] = shapes.GetValueOrDefault(ev.Shape) + 1;
            Assert.Equal(InputFormat.EventLog, ev.Format);
            Assert.NotNull(ev.EventId);
            Assert.NotNull(Text(ev.Root, "Computer"));
        }, rejections.Add);
        var counts = reader.Counts;
        output.WriteLine(counts.ToString());
        output.WriteLine(string.Join(", ", shapes.Select(kv => $"{kv.Key}={kv.Value}")));
        foreach (var r in rejections.Take(20)) output.WriteLine(r.ToString());
        Assert.Equal(counts.Records, counts.Events + counts.Rejected + counts.Empty);
        Assert.Equal(0, counts.SourceErrors);
        // The only bad lines are macOS resource forks (__MACOSX/._*) that some zips carry.
        Assert.All(rejections, r => Assert.Contains("__MACOSX/._", r.Source));
        Assert.True(counts.Events > 500_000);
    }

    [SharedDataFact(Formulas)]
    public void Every_normalization_test_raw_parses_in_the_format_its_formula_reads()
    {
        var root = SharedData.Find(Formulas)!;
        var reader = new RawEventReader(new InputOptions { IncludeFile = InputOptions.IsTestRawFile });
        int n = 0;
        reader.ForEach(root, ev =>
        {
            n++;
            var formula = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(ev.Source)!)!, "formula.xp");
            var header = File.ReadLines(formula).Select(l => l.Trim()).First(l => l.Length > 0 && !l.StartsWith('#'));
            var expected = header.TrimStart('!') switch
            {
                var h when h.StartsWith("EVENTLOG") => InputFormat.EventLog,
                var h when h.StartsWith("JSON") => InputFormat.Json,
                var h when h.StartsWith("TEXT") => InputFormat.Text,
                var h when h.StartsWith("XML") => InputFormat.Xml,
                _ => throw new InvalidOperationException(header),
            };
            Assert.True(expected == ev.Format, $"{ev.Source}: {ev.Format}, formula reads {expected}");
            if (expected == InputFormat.EventLog) Assert.NotNull(ev.EventId);
        }, r => Assert.Fail(r.ToString()));
        output.WriteLine($"{n} raw files; {reader.Counts}");
        Assert.True(n > 500);
    }

    [SharedDataFact(Packages)]
    public void Every_correlation_test_envelope_unwraps_per_its_mime()
    {
        var root = SharedData.Find(Packages)!;
        var reader = new RawEventReader(new InputOptions
        {
            IncludeFile = f => System.IO.Path.GetFileName(f).StartsWith("raw_events_", StringComparison.Ordinal) && f.EndsWith(".json", StringComparison.Ordinal),
        });
        var byMime = new Dictionary<string, long>();
        reader.ForEach(root, ev =>
        {
            var mime = ev.Envelope?.Mime;
            Assert.NotNull(mime);
            byMime[mime] = byMime.GetValueOrDefault(mime) + 1;
            var expected = mime switch
            {
                Envelope.EventLogMime => InputFormat.EventLog,
                Envelope.JsonMime => InputFormat.Json,
                _ => InputFormat.Text,
            };
            Assert.True(expected == ev.Format, $"{ev.Source}:{ev.Line}: {ev.Format} for {mime}");
        }, r => Assert.Fail(r.ToString()));
        output.WriteLine(string.Join(", ", byMime.Select(kv => $"{kv.Key}={kv.Value}")) + "; " + reader.Counts);
        Assert.True(reader.Counts.Events > 400);
    }
}
