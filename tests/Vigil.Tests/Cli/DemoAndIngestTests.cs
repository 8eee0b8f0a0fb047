namespace Vigil.Tests.CliTests;

public class DemoAndIngestTests
{
    [Fact]
    public void Demo_shows_the_lateral_movement_alert_and_hunt_on_the_bundled_recording()
    {
        var db = Path.Combine(TestPaths.TempDir(), "demo.duckdb");
        var r = VigilCli.Run("demo", "--db", db);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("Network_Logon_Then_Process_Start", r.Stdout);
        Assert.Contains("pgustavo", r.Stdout);
        Assert.Contains("172.18.39.5", r.Stdout);
        Assert.Contains("whoami.exe", r.Stdout);
        Assert.Contains("wmiprvse.exe", r.Stdout);
        Assert.Contains("vigil hunt", r.Stdout);
    }

    [Fact]
    public void Ingest_accounts_for_every_line_and_reingesting_adds_nothing()
    {
        var dir = TestPaths.TempDir();
        var db = Path.Combine(dir, "store.duckdb");
        var input = Path.Combine(dir, "events.jsonl");
        File.WriteAllLines(input, [
            File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "content", "packages", "vigil", "normalization_formulas", "OpenSSH", "sshd", "syslog", "sshd_auth_log", "tests", "raw_1.txt")).Trim(),
            "{\"not\": \"a known event\"}",
            "{\"broken\": ",
        ]);
        var first = VigilCli.Run("ingest", input, "--db", db);
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("ingested 3 events", first.Stderr);
        Assert.Contains("1 normalized, 1 unmatched (kept raw), 1 rejected", first.Stderr);

        var again = VigilCli.Run("ingest", input, "--db", db);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already ingested, skipped", again.Stderr);

        var count = VigilCli.Run("hunt", "--db", db, "--format", "csv", "SELECT ingest_status, count(*) AS n FROM events GROUP BY ALL ORDER BY 1");
        Assert.Equal(0, count.ExitCode);
        Assert.Contains("normalized,1", count.Stdout);
        Assert.Contains("unmatched,1", count.Stdout);
        var rejects = VigilCli.Run("hunt", "--db", db, "--format", "csv", "SELECT count(*) AS n FROM rejects");
        Assert.Contains("1", rejects.Stdout.Split('\n')[1]);
    }

    [Fact]
    public void Ingest_of_a_missing_path_is_an_error()
    {
        var r = VigilCli.Run("ingest", "/no/such/recording.zip", "--db", Path.Combine(TestPaths.TempDir(), "x.duckdb"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("does not exist", r.Stderr);
    }

    [Fact]
    public void Corrupted_zip_is_reported_and_does_not_crash_the_ingest()
    {
        var dir = TestPaths.TempDir();
        var zip = Path.Combine(dir, "broken.zip");
        var bytes = File.ReadAllBytes(Path.Combine(TestPaths.RepoRoot, "samples", "empire_wmi_dcerpc_wmi_IWbemServices_ExecMethod.zip"));
        for (int i = 2000; i < 4000; i++) bytes[i] ^= 0x5A; // damage the compressed data
        File.WriteAllBytes(zip, bytes);
        var r = VigilCli.Run("ingest", zip, "--db", Path.Combine(dir, "s.duckdb"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("1 rejected", r.Stderr); // the damaged member, with its reason in the rejects table
        Assert.DoesNotContain("   at ", r.Stderr);
        var reason = VigilCli.Run("hunt", "--db", Path.Combine(dir, "s.duckdb"), "--format", "csv", "SELECT source, reason FROM rejects");
        Assert.Contains("broken.zip", reason.Stdout + r.Stderr);
    }

    [Fact]
    public void Ingest_takes_a_memory_limit_refuses_one_that_is_not_a_size_and_explains_one_too_small()
    {
        var dir = TestPaths.TempDir();
        var sample = Path.Combine(TestPaths.RepoRoot, "samples", "empire_wmi_dcerpc_wmi_IWbemServices_ExecMethod.zip");
        var ok = VigilCli.Run("ingest", sample, "--db", Path.Combine(dir, "a.duckdb"), "--memory-limit", "256MB");
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.Contains("ingested 6,383 events", ok.Stderr);

        var bad = VigilCli.Run("ingest", sample, "--db", Path.Combine(dir, "b.duckdb"), "--memory-limit", "lots");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("memory limit 'lots' is not a size", bad.Stderr);
        Assert.DoesNotContain("   at ", bad.Stderr);

        // Too small a limit: DuckDB's message, the CLI's remedy, exit 1, and nothing of the batch in the store.
        var small = Path.Combine(dir, "c.duckdb");
        var tooSmall = VigilCli.Run("ingest", sample, "--db", small, "--memory-limit", "8MB");
        Assert.Equal(1, tooSmall.ExitCode);
        Assert.Contains("could not allocate", tooSmall.Stderr);
        Assert.Contains("run again with a larger one, e.g. --memory-limit 2GB", tooSmall.Stderr);
        Assert.DoesNotContain("   at ", tooSmall.Stderr);
        var count = VigilCli.Run("hunt", "--db", small, "--format", "csv", "SELECT count(*) AS n FROM events");
        Assert.True(count.ExitCode == 0, count.Stderr);
        Assert.Contains("\n0", count.Stdout.Replace("\r", ""));
    }
}
