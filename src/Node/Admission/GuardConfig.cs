using System.Globalization;
using RustyOnions.Node.Config;

namespace RustyOnions.Node.Admission;

/// <summary>The guard-rail settings' file keys and environment variables, and how they apply to <see cref="NodeOpts"/>.</summary>
public static class GuardConfig
{
    /// <summary>Apps that may carry a quota (file key <c>quota_&lt;app&gt;_rps</c> / <c>_burst</c>).</summary>
    public static readonly IReadOnlyList<string> QuotaApps = ["mailbox", "storage", "echo", "overlay", "s3"];

    /// <summary>File key → environment variable, merged into <see cref="NodeConfigLoader.EnvNames"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string>> EnvNames()
    {
        yield return new("ready_overload_pct", "RON_READY_OVERLOAD_PCT");
        yield return new("overload_retry_after_ms", "RON_OVERLOAD_RETRY_AFTER_MS");
        yield return new("quota_max_tenants", "RON_QUOTA_MAX_TENANTS");
        yield return new("max_connections", "RON_MAX_CONNECTIONS");
        yield return new("idle_timeout_ms", "RON_IDLE_TIMEOUT_MS");
        yield return new("frame_timeout_ms", "RON_FRAME_TIMEOUT_MS");
        yield return new("max_decompressed_bytes", "RON_MAX_DECOMPRESSED_BYTES");
        yield return new("max_compression_ratio", "RON_MAX_COMPRESSION_RATIO");
        foreach (var app in QuotaApps)
        {
            var upper = app.ToUpperInvariant();
            yield return new($"quota_{app}_rps", $"RON_QUOTA_{upper}_RPS");
            yield return new($"quota_{app}_burst", $"RON_QUOTA_{upper}_BURST");
        }
    }

    /// <summary>Applies the guard keys present in <paramref name="v"/>.</summary>
    internal static NodeOpts Apply(NodeOpts o, IReadOnlyDictionary<string, string> v, List<string> problems)
    {
        var g = o.Guard;
        if (Int(v, "ready_overload_pct", problems) is { } pct)
        {
            g = g with { ReadyOverloadPct = (int)pct };
        }

        if (Int(v, "overload_retry_after_ms", problems) is { } ora)
        {
            g = g with { OverloadRetryAfterMs = (int)ora };
        }

        if (Int(v, "quota_max_tenants", problems) is { } mt)
        {
            g = g with { QuotaMaxTenants = (int)mt };
        }

        if (Int(v, "max_connections", problems) is { } mc)
        {
            g = g with { MaxConnections = (int)mc };
        }

        if (Int(v, "idle_timeout_ms", problems) is { } idle)
        {
            g = g with { IdleTimeout = TimeSpan.FromMilliseconds(idle) };
        }

        if (Int(v, "frame_timeout_ms", problems) is { } ft)
        {
            g = g with { FrameTimeout = TimeSpan.FromMilliseconds(ft) };
        }

        if (Int(v, "max_decompressed_bytes", problems) is { } md)
        {
            g = g with { MaxDecompressedBytes = md };
        }

        if (Int(v, "max_compression_ratio", problems) is { } ratio)
        {
            g = g with { MaxCompressionRatio = (int)ratio };
        }

        var quotas = new Dictionary<string, QuotaRule>(g.Quotas);
        foreach (var app in QuotaApps)
        {
            var rps = Real(v, $"quota_{app}_rps", problems);
            var burst = Real(v, $"quota_{app}_burst", problems);
            if (rps is null && burst is not null)
            {
                problems.Add($"quota_{app}_burst is set without quota_{app}_rps (RON_QUOTA_{app.ToUpperInvariant()}_RPS)");
            }
            else if (rps is 0)
            {
                quotas.Remove(app); // 0 = unlimited
            }
            else if (rps is { } r)
            {
                quotas[app] = new QuotaRule(r, burst ?? Math.Max(1, Math.Ceiling(r)));
            }
        }

        return o with { Guard = g with { Quotas = quotas } };
    }

    private static long? Int(IReadOnlyDictionary<string, string> v, string key, List<string> problems)
    {
        if (!v.TryGetValue(key, out var text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= int.MaxValue * 4L)
        {
            return n;
        }

        problems.Add($"{key} ({Env(key)}) must be a non-negative integer, got '{text}'");
        return null;
    }

    private static double? Real(IReadOnlyDictionary<string, string> v, string key, List<string> problems)
    {
        if (!v.TryGetValue(key, out var text))
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0 && double.IsFinite(n))
        {
            return n;
        }

        problems.Add($"{key} ({Env(key)}) must be a non-negative number, got '{text}'");
        return null;
    }

    private static string Env(string key) => NodeConfigLoader.EnvNames.TryGetValue(key, out var e) ? e : key;
}
