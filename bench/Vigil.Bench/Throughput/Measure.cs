using System.Diagnostics;

namespace Vigil.Bench.Throughput;

/// <summary>
/// Runs a workload several times and reports the median rate. Each figure is printed next to a floor measured
/// in the same process and run, so a noisy machine moves both (ratios are what to quote).
/// </summary>
internal static class Measure
{
    public static int Runs { get; set; } = 5;

    /// <summary>Median items/s of <paramref name="work"/> (which returns the number of items it handled).</summary>
    public static (double Rate, long Items) Rate(string name, Func<long> work, bool quiet = false)
    {
        var rates = new List<double>();
        // Items per second of this process's CPU time: steadier than wall time when other work shares the cores.
        var cpuRates = new List<double>();
        using var self = Process.GetCurrentProcess();
        long items = 0, allocated = 0, gen0 = 0;
        work(); // warm-up: JIT and caches
        using var sampler = AllocationSampler.Enabled ? new AllocationSampler() : null;
        for (int i = 0; i < Runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            sampler?.Reset();
            long bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            int gcBefore = GC.CollectionCount(0);
            self.Refresh();
            var cpuBefore = self.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            items = work();
            sw.Stop();
            self.Refresh();
            cpuRates.Add(items / Math.Max(1e-9, (self.TotalProcessorTime - cpuBefore).TotalSeconds));
            allocated = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
            gen0 = GC.CollectionCount(0) - gcBefore;
            rates.Add(items / sw.Elapsed.TotalSeconds);
        }
        rates.Sort();
        cpuRates.Sort();
        double median = rates[rates.Count / 2];
        if (!quiet) Console.WriteLine($"  {name,-44} {median,14:N0} /s   (runs: {string.Join(" ", rates.Select(r => r.ToString("N0")))}; {cpuRates[cpuRates.Count / 2]:N0} /s of CPU time; {allocated / (double)Math.Max(1, items):N0} B allocated/item, {gen0:N0} gen0 GCs/run)");
        if (!quiet) sampler?.Print();
        return (median, items);
    }

    /// <summary>Wall time of an external command, median of runs; null when the program is not installed.</summary>
    public static double? ExternalSeconds(string name, string shellCommand)
    {
        // The program is the first word that is not an environment assignment (VAR=value).
        if (!OnPath(shellCommand.Split(' ').First(w => !w.Contains('=', StringComparison.Ordinal)))) return null;
        var times = new List<double>();
        for (int i = 0; i < Math.Max(3, Runs / 2); i++)
        {
            if (ExternalOnce(shellCommand) is not { } t) return null;
            times.Add(t);
        }
        times.Sort();
        double median = times[times.Count / 2];
        Console.WriteLine($"  {name,-44} {median,10:F2} s wall (runs: {string.Join(" ", times.Select(t => t.ToString("F2")))})");
        return median;
    }

    /// <summary>Wall seconds of one run of <paramref name="shellCommand"/>; null when it fails.</summary>
    public static double? ExternalOnce(string shellCommand)
    {
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(new ProcessStartInfo("sh", ["-c", shellCommand]) { RedirectStandardOutput = false })!;
        p.WaitForExit();
        sw.Stop();
        return p.ExitCode == 0 ? sw.Elapsed.TotalSeconds : null;
    }

    /// <summary>
    /// Ratios of <paramref name="ours"/> to <paramref name="peer"/> (both items/s) over adjacent pairs, alternating
    /// which runs first. The VM switches between a fast and a slow state within minutes: a block of our runs and a
    /// later block of the peer's can land in different states, a pair of neighbouring runs rarely does.
    /// </summary>
    public static List<double> PairedRatios(int pairs, Func<double> ours, Func<double?> peer)
    {
        var ratios = new List<double>();
        var (oursRates, peerRates) = (new List<double>(), new List<double>());
        for (int i = 0; i < pairs; i++)
        {
            double a, b;
            if (i % 2 == 0) { a = ours(); b = peer() ?? double.NaN; }
            else { b = peer() ?? double.NaN; a = ours(); }
            if (double.IsNaN(b)) break;
            ratios.Add(a / b);
            oursRates.Add(a);
            peerRates.Add(b);
        }
        ratios.Sort();
        // The VM's states slow the two sides unequally: the range each side ran at shows which state a ratio comes from.
        if (ratios.Count > 0)
            Console.WriteLine($"     pairs ran at: ours {oursRates.Min():N0}–{oursRates.Max():N0} /s, the other side {peerRates.Min():N0}–{peerRates.Max():N0} /s");
        return ratios;
    }

    public static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, program)));

    /// <summary>The ../shared folder beside the repository (bench inputs live there).</summary>
    public static string? Shared()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vigil.slnx"))) dir = dir.Parent;
        if (dir is null) return null;
        var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
        return Directory.Exists(shared) ? shared : null;
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vigil.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
