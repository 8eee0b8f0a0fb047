using System.Net;
using Vigil.Events;
using Vigil.Storage;

namespace Vigil.Tests.Storage;

/// <summary>Builds small stores for the storage and CLI tests: a temp folder, synthetic events, a helper to query.</summary>
public static class StoreFixture
{
    public static string NewDbPath() => Path.Combine(TestPaths.TempDir(), "events.duckdb");

    /// <summary>A Windows-like process-start event with a handful of typed fields set.</summary>
    public static NormalizedEvent Event(int i, string title = "windows")
    {
        var e = new NormalizedEvent(Taxonomy.Default);
        e.Set("time", Value.DateTime(new DateTime(2024, 3, 1 + i % 2, 10, 0, 0, DateTimeKind.Utc).AddSeconds(i)));
        e.Set("event_src.title", Value.String(title));
        e.Set("event_src.host", Value.String($"host{i % 3}"));
        e.Set("msgid", Value.String("4688"));
        e.Set("subject.account.name", Value.String($"user{i % 5}"));
        e.Set("object.process.name", Value.String("powershell.exe"));
        e.Set("src.ip", Value.Ip(IPAddress.Parse($"10.0.0.{i % 250}")));
        e.Set("dst.port", Value.Number(443 + i));
        return e;
    }

    public static string Raw(int i) => "{\"EventID\":4688,\"n\":" + i + "}";

    /// <summary>Writes <paramref name="count"/> events of one source and completes it.</summary>
    public static void Ingest(string db, int count, string source = "logs.zip!security.json", string title = "windows", int batchSize = 1000)
    {
        using var store = EventStore.Open(db);
        using var w = store.CreateWriter(new EventStoreWriterOptions { BatchSize = batchSize });
        for (int i = 0; i < count; i++) w.Add(Event(i, title), "windows_4688", Raw(i), source, i + 1);
        w.CompleteSource(source);
    }

    public static object? Scalar(string db, string sql)
    {
        using var q = HuntQuery.Open(db);
        var r = q.Run(sql);
        return r.Rows.Count == 0 ? null : r.Rows[0][0];
    }
}
