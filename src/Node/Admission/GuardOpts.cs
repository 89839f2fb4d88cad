namespace RustyOnions.Node.Admission;

/// <summary>Guard-rail settings of a node (admission, quotas, compression, timeouts); validated at start.</summary>
public sealed record GuardOpts
{
    /// <summary>/readyz answers 503 "overloaded" once in-flight reaches this percentage of max_inflight (RON_READY_OVERLOAD_PCT).</summary>
    public int ReadyOverloadPct { get; init; } = 90;

    /// <summary>The retry_after_ms hint of a 503 OVERLOAD (RON_OVERLOAD_RETRY_AFTER_MS).</summary>
    public int OverloadRetryAfterMs { get; init; } = 100;

    /// <summary>Quotas by app name (mailbox, storage, echo, overlay, s3); apps without one are unlimited.</summary>
    public IReadOnlyDictionary<string, QuotaRule> Quotas { get; init; } = new Dictionary<string, QuotaRule>();

    /// <summary>Most (tenant, app) buckets tracked at once (RON_QUOTA_MAX_TENANTS).</summary>
    public int QuotaMaxTenants { get; init; } = 10_000;

    /// <summary>Most OAP/1 connections open at once (RON_MAX_CONNECTIONS).</summary>
    public int MaxConnections { get; init; } = 4096;

    /// <summary>A connection with no request in progress and no frame for this long is closed (RON_IDLE_TIMEOUT_MS).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Once a frame's first byte arrived, the whole frame must arrive within this (RON_FRAME_TIMEOUT_MS).</summary>
    public TimeSpan FrameTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest decompressed COMP payload; null means 8 × max_frame (RON_MAX_DECOMPRESSED_BYTES).</summary>
    public long? MaxDecompressedBytes { get; init; }

    /// <summary>Largest decompressed/compressed ratio of a COMP payload (RON_MAX_COMPRESSION_RATIO).</summary>
    public int MaxCompressionRatio { get; init; } = 10;

    /// <summary>The effective decompressed-size limit.</summary>
    public long EffectiveMaxDecompressed(int maxFrame) => MaxDecompressedBytes ?? 8L * maxFrame;

    /// <summary>Returns one message per problem.</summary>
    public IEnumerable<string> Validate()
    {
        if (ReadyOverloadPct is < 1 or > 100)
        {
            yield return $"ready_overload_pct {ReadyOverloadPct} must be 1..100 (RON_READY_OVERLOAD_PCT)";
        }

        if (OverloadRetryAfterMs < 1)
        {
            yield return "overload_retry_after_ms must be positive (RON_OVERLOAD_RETRY_AFTER_MS)";
        }

        foreach (var (app, rule) in Quotas)
        {
            if (!(rule.Rps > 0) || !(rule.Burst >= 1))
            {
                yield return $"quota for {app}: rps must be > 0 and burst >= 1 (RON_QUOTA_{app.ToUpperInvariant()}_RPS / _BURST), got {rule.Rps} / {rule.Burst}";
            }
        }

        if (QuotaMaxTenants < 1)
        {
            yield return "quota_max_tenants must be at least 1 (RON_QUOTA_MAX_TENANTS)";
        }

        if (MaxConnections < 1)
        {
            yield return "max_connections must be at least 1 (RON_MAX_CONNECTIONS)";
        }

        if (IdleTimeout <= TimeSpan.Zero || FrameTimeout <= TimeSpan.Zero)
        {
            yield return "idle_timeout_ms and frame_timeout_ms must be positive (RON_IDLE_TIMEOUT_MS, RON_FRAME_TIMEOUT_MS)";
        }

        if (MaxDecompressedBytes is < 1)
        {
            yield return "max_decompressed_bytes must be positive (RON_MAX_DECOMPRESSED_BYTES)";
        }

        if (MaxCompressionRatio < 1)
        {
            yield return "max_compression_ratio must be at least 1 (RON_MAX_COMPRESSION_RATIO)";
        }
    }
}
