namespace Vigil.Correlation;

/// <summary>Engine settings; every semantic choice the spec leaves open is named here and documented in docs/semantics.md.</summary>
public sealed class CorrelationOptions
{
    /// <summary>Lifetime of an instance of a rule without any window (spec Q2): it waits this long in event time.</summary>
    public TimeSpan WindowlessLifetime { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Live instances per rule; beyond it the oldest instance is evicted (and counted).</summary>
    public int MaxInstancesPerRule { get; init; } = 1_000_000;

    /// <summary>Loop guard: a rule emitting more than this many correlation events within one second of event time is disabled.</summary>
    public int MaxFiresPerSecond { get; init; } = 10_000;

    /// <summary>Cascade guard: a correlation event produced by this many nested cascades is not fed back again.</summary>
    public int MaxCascadeDepth { get; init; } = 16;

    /// <summary>Value of origin_app_id / primary_siem_app_id on correlation events (PT's local correlator id by default); null omits them.</summary>
    public string? ApplicationId { get; init; } = "00000000-0000-0000-0000-000000000005";

    /// <summary>Give each correlation event a random uuid (off in tests for reproducible output).</summary>
    public bool AssignUuids { get; init; } = true;
}
