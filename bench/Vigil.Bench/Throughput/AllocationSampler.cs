using System.Diagnostics.Tracing;

namespace Vigil.Bench.Throughput;

/// <summary>
/// Samples the runtime's GC AllocationTick events (one per ~100 KB allocated, with the type that crossed the
/// threshold), so a workload's allocations can be attributed to types without an external profiler.
/// Enabled with VIGIL_BENCH_ALLOC=1; Measure prints the top types after each measured workload.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly Dictionary<string, long> _bytes = [];
    private readonly Lock _lock = new();

    public static bool Enabled => Environment.GetEnvironmentVariable("VIGIL_BENCH_ALLOC") == "1";

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null) return;
        int nameIndex = e.PayloadNames!.IndexOf("TypeName"), amountIndex = e.PayloadNames.IndexOf("AllocationAmount64");
        if (nameIndex < 0) return;
        var type = e.Payload[nameIndex] as string ?? "?";
        long amount = amountIndex >= 0 && e.Payload[amountIndex] is ulong a ? (long)a : 100_000;
        lock (_lock) _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
    }

    public void Reset()
    {
        lock (_lock) _bytes.Clear();
    }

    public void Print(int top = 15)
    {
        lock (_lock)
        {
            long total = _bytes.Values.Sum();
            foreach (var (type, bytes) in _bytes.OrderByDescending(kv => kv.Value).Take(top))
                Console.WriteLine($"      {100.0 * bytes / Math.Max(1, total),5:F1}%  {type}");
        }
    }
}
