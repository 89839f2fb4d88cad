using Prometheus;

namespace RustyOnions.Node.Metrics;

/// <summary>
/// The node's Prometheus metrics. One instance per node, on its own registry so several nodes can
/// run in one process (tests) without sharing counters.
/// </summary>
public sealed class NodeMetrics
{
    private readonly Counter _requests;
    private readonly Histogram _duration;
    private readonly Counter _errors;
    private readonly Counter _protocolErrors;
    private readonly Counter _bytesIn;
    private readonly Counter _bytesOut;
    private readonly Gauge _inflight;
    private readonly Gauge _connections;
    private readonly Counter _corrupt;
    private readonly Gauge _storedObjects;
    private readonly Gauge _storedBytes;

    /// <summary>Creates the metrics on a fresh registry.</summary>
    public NodeMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var f = Prometheus.Metrics.WithCustomRegistry(Registry);
        _requests = f.CreateCounter("ron_requests_total", "OAP/1 requests by app protocol and status code (0 = OK).", "app", "code");
        _duration = f.CreateHistogram("ron_request_duration_seconds", "OAP/1 request latency by app protocol.", new HistogramConfiguration
        {
            LabelNames = ["app"],
            // 100 µs … ~10 s, roughly 2.5 buckets per decade boundary: fine enough for p50/p95/p99.
            Buckets = Histogram.ExponentialBuckets(0.0001, 1.6, 25),
        });
        _errors = f.CreateCounter("ron_errors_total", "Error envelopes sent, by envelope code.", "code");
        _protocolErrors = f.CreateCounter("ron_protocol_errors_total", "Connections closed for malformed frames, by reason.", "reason");
        _bytesIn = f.CreateCounter("ron_bytes_received_total", "OAP/1 bytes received.");
        _bytesOut = f.CreateCounter("ron_bytes_sent_total", "OAP/1 bytes sent.");
        _inflight = f.CreateGauge("ron_inflight_requests", "OAP/1 requests in progress.");
        _connections = f.CreateGauge("ron_connections", "Open OAP/1 connections.");
        _corrupt = f.CreateCounter("ron_corrupt_objects_total", "Stored objects that failed verification on read.");
        _storedObjects = f.CreateGauge("ron_stored_objects", "Objects in the local content store.");
        _storedBytes = f.CreateGauge("ron_stored_bytes", "Bytes in the local content store.");
    }

    /// <summary>The registry /metrics exports.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Requests in progress right now.</summary>
    public int Inflight => (int)_inflight.Value;

    internal void RequestStarted() => _inflight.Inc();

    internal void RequestFinished(string app, ushort code, TimeSpan elapsed)
    {
        _inflight.Dec();
        _requests.WithLabels(app, CodeLabel(code)).Inc();
        _duration.WithLabels(app).Observe(elapsed.TotalSeconds);
    }

    internal void ErrorSent(string code) => _errors.WithLabels(code).Inc();

    internal void ProtocolError(string reason) => _protocolErrors.WithLabels(reason).Inc();

    internal void BytesReceived(long n) => _bytesIn.Inc(n);

    internal void BytesSent(long n) => _bytesOut.Inc(n);

    internal void ConnectionOpened() => _connections.Inc();

    internal void ConnectionClosed() => _connections.Dec();

    internal void CorruptObject() => _corrupt.Inc();

    internal void StoreSize(long objects, long bytes)
    {
        _storedObjects.Set(objects);
        _storedBytes.Set(bytes);
    }

    private static string CodeLabel(ushort code) => code switch
    {
        0 => "0",
        400 => "400",
        404 => "404",
        413 => "413",
        429 => "429",
        500 => "500",
        503 => "503",
        _ => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
