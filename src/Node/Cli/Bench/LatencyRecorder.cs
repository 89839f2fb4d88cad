using System.Collections.Concurrent;
using RustyOnions.Sdk.Errors;

namespace RustyOnions.Node.Cli.Bench;

/// <summary>
/// Collects per-request latencies (milliseconds) and errors by code from many concurrent
/// requests, and summarises them as percentiles.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly Lock _lock = new();
    private readonly List<double> _latency = new(1 << 16);
    private readonly List<double> _service = new(1 << 16);
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private long _bytes;

    public void Success(double latencyMs, double serviceMs, long bytes)
    {
        lock (_lock)
        {
            _latency.Add(latencyMs);
            _service.Add(serviceMs);
        }

        if (bytes != 0)
        {
            Interlocked.Add(ref _bytes, bytes);
        }
    }

    public void Error(Exception e) => Error(e is RonException r ? r.Code : "LOCAL_" + e.GetType().Name);

    public void Error(string code) => _errors.AddOrUpdate(code, 1, static (_, n) => n + 1);

    /// <summary>The JSON summary; service latency is reported only for open-loop runs.</summary>
    public Dictionary<string, object> Summarise(double elapsedSeconds, bool openLoop)
    {
        double[] all, service;
        lock (_lock)
        {
            all = [.. _latency];
            service = [.. _service];
        }

        Array.Sort(all);
        Array.Sort(service);
        var errors = _errors.Values.Sum();
        var summary = new Dictionary<string, object>
        {
            ["duration_s"] = Math.Round(elapsedSeconds, 2),
            ["ops"] = all.Length,
            ["ops_s"] = Math.Round(all.Length / elapsedSeconds, 1),
            ["mb_s"] = Math.Round(Interlocked.Read(ref _bytes) / elapsedSeconds / 1e6, 1),
            ["p50_ms"] = Percentile(all, 0.50),
            ["p90_ms"] = Percentile(all, 0.90),
            ["p95_ms"] = Percentile(all, 0.95),
            ["p99_ms"] = Percentile(all, 0.99),
            ["p999_ms"] = Percentile(all, 0.999),
            ["max_ms"] = all.Length == 0 ? 0 : Math.Round(all[^1], 3),
            ["errors"] = errors,
            ["errors_by_code"] = new SortedDictionary<string, long>(_errors, StringComparer.Ordinal),
        };
        if (openLoop)
        {
            // Latency above counts from the scheduled send time (no coordinated omission); service
            // latency from the moment the request was actually handed to the SDK.
            summary["service_p50_ms"] = Percentile(service, 0.50);
            summary["service_p99_ms"] = Percentile(service, 0.99);
        }

        return summary;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1))], 3);
}
