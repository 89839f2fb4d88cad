using System.Globalization;
using Prometheus;
using RustyOnions.Node.Metrics;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Admission;

/// <summary>
/// Guard-rail metrics on the node's registry: rejections by reason, oversize rejections, slow
/// clients, the in-flight limit, and per-(tenant, app) available quota tokens. Counter children are
/// resolved once so counting a rejection allocates nothing; the quota gauges are refreshed when
/// /metrics is scraped, never on the request path.
/// </summary>
public sealed class GuardMetrics
{
    private readonly Counter.Child _overload;
    private readonly Counter.Child _overQuota;
    private readonly Counter.Child _connections;
    private readonly Counter.Child _slow;
    private readonly Counter.Child _decompressedSize;
    private readonly Counter.Child _ratio;
    private readonly Counter.Child _oversizeDecompressed;
    private readonly Counter.Child _oversizeRatio;
    private readonly Counter _slowClients;
    private readonly Gauge _quotaTokens;
    private readonly Gauge _inflightLimit;
    private readonly HashSet<(string Tenant, string App)> _published = [];

    /// <summary>Creates the metrics on the node's registry.</summary>
    public GuardMetrics(NodeMetrics node)
    {
        var f = Prometheus.Metrics.WithCustomRegistry(node.Registry);
        var rejected = f.CreateCounter("ron_rejected_total", "Requests or connections refused by a guard rail, by reason.", "reason");
        _overload = rejected.WithLabels("overload");
        _overQuota = rejected.WithLabels("over_quota");
        _connections = rejected.WithLabels("connections");
        _slow = rejected.WithLabels("slow_client");
        _decompressedSize = rejected.WithLabels("decompressed_size");
        _ratio = rejected.WithLabels("ratio");
        var oversize = f.CreateCounter("ron_reject_oversize_total", "COMP payloads refused for their decompressed size or ratio, by reason.", "reason");
        _oversizeDecompressed = oversize.WithLabels("decompressed_size");
        _oversizeRatio = oversize.WithLabels("ratio");
        _slowClients = f.CreateCounter("ron_slow_clients_total", "Connections cut off because a frame did not arrive within frame_timeout.");
        _quotaTokens = f.CreateGauge("ron_quota_tokens", "Quota tokens available, by tenant and app protocol.", "tenant", "app");
        _inflightLimit = f.CreateGauge("ron_inflight_limit", "The in-flight gate's limit (max_inflight).");
        Registry = node.Registry;
    }

    internal Prometheus.CollectorRegistry Registry { get; }

    internal void SetInflightLimit(int max) => _inflightLimit.Set(max);

    internal void Overload() => _overload.Inc();

    internal void OverQuota() => _overQuota.Inc();

    internal void ConnectionRefused() => _connections.Inc();

    internal void SlowClient()
    {
        _slow.Inc();
        _slowClients.Inc();
    }

    internal void Oversize(bool ratio)
    {
        (ratio ? _ratio : _decompressedSize).Inc();
        (ratio ? _oversizeRatio : _oversizeDecompressed).Inc();
    }

    /// <summary>Refreshes the quota gauges from the table (called before each scrape).</summary>
    internal void PublishQuotas(QuotaTable quotas)
    {
        lock (_published)
        {
            var seen = new HashSet<(string, string)>();
            quotas.Snapshot((tenant, app, tokens) =>
            {
                var labels = (tenant.ToString(CultureInfo.InvariantCulture), AppName(app));
                seen.Add(labels);
                _quotaTokens.WithLabels(labels.Item1, labels.Item2).Set(tokens);
            });
            foreach (var gone in _published.Where(p => !seen.Contains(p)).ToList())
            {
                _quotaTokens.RemoveLabelled(gone.Tenant, gone.App);
            }

            _published.Clear();
            _published.UnionWith(seen);
        }
    }

    private static string AppName(ushort app) => app switch
    {
        OapAppId.Mailbox => "mailbox",
        OapAppId.Storage => "storage",
        OapAppId.Echo => "echo",
        GatewayAppIds.S3 => "s3",
        _ => "0x" + app.ToString("x4", CultureInfo.InvariantCulture),
    };
}
