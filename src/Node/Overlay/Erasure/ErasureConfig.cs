using System.Globalization;
using RustyOnions.Node.Config;

namespace RustyOnions.Node.Overlay.Erasure;

/// <summary>The erasure settings' file keys and environment variables, and how they apply to <see cref="NodeOpts"/>.</summary>
internal static class ErasureConfig
{
    /// <summary>File key → environment variable, merged into <see cref="NodeConfigLoader.EnvNames"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string>> EnvNames()
    {
        yield return new("erasure_threshold", "RON_ERASURE_THRESHOLD");
        yield return new("erasure_segment", "RON_ERASURE_SEGMENT");
        yield return new("erasure_k", "RON_ERASURE_K");
        yield return new("erasure_m", "RON_ERASURE_M");
        yield return new("scrub_interval_ms", "RON_SCRUB_INTERVAL_MS");
        yield return new("repair_threshold", "RON_REPAIR_THRESHOLD");
    }

    public static NodeOpts Apply(NodeOpts o, IReadOnlyDictionary<string, string> v, List<string> problems)
    {
        var e = o.Erasure;
        if (Int(v, "erasure_threshold", "RON_ERASURE_THRESHOLD", problems) is { } t)
        {
            e = e with { Threshold = t };
        }

        if (Int(v, "erasure_segment", "RON_ERASURE_SEGMENT", problems) is { } s)
        {
            e = e with { SegmentBytes = (int)Math.Clamp(s, 0, int.MaxValue) };
        }

        if (Int(v, "erasure_k", "RON_ERASURE_K", problems) is { } k)
        {
            e = e with { DataShards = (int)Math.Clamp(k, 0, 1000) };
        }

        if (Int(v, "erasure_m", "RON_ERASURE_M", problems) is { } m)
        {
            e = e with { ParityShards = (int)Math.Clamp(m, 0, 1000) };
        }

        if (Int(v, "scrub_interval_ms", "RON_SCRUB_INTERVAL_MS", problems) is { } ms)
        {
            e = e with { ScrubInterval = TimeSpan.FromMilliseconds(ms) };
        }

        if (Int(v, "repair_threshold", "RON_REPAIR_THRESHOLD", problems) is { } rt)
        {
            e = e with { RepairThreshold = (int)Math.Clamp(rt, -1, 1000) };
        }

        return o with { Erasure = e };
    }

    private static long? Int(IReadOnlyDictionary<string, string> v, string key, string env, List<string> problems)
    {
        if (!v.TryGetValue(key, out var text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        problems.Add($"{key} ({env}) must be an integer, got '{text}'");
        return null;
    }
}
