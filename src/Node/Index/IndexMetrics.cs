using Prometheus;
using RustyOnions.Index.Store;
using RustyOnions.Node.Metrics;

namespace RustyOnions.Node.Index;

/// <summary>Index-specific metrics on the node's registry (request latency and errors come from the generic per-app metrics).</summary>
internal sealed class IndexMetrics
{
    private readonly Counter _conflicts;
    private readonly Counter _pushes;
    private readonly Counter _rejected;
    private readonly Counter _ingested;
    private readonly Counter _syncs;

    public IndexMetrics(NodeMetrics node)
    {
        var f = Prometheus.Metrics.WithCustomRegistry(node.Registry);
        _conflicts = f.CreateCounter("ron_index_conflicts_total", "Same-name, same-seq, different-content records resolved (deterministically) by the index.");
        _pushes = f.CreateCounter("ron_index_federation_pushes_total", "Federation pushes by result.", "result");
        _rejected = f.CreateCounter("ron_index_federation_rejected_total", "Records from members that failed verification, by code.", "code");
        _ingested = f.CreateCounter("ron_index_federation_ingested_total", "Records from members that changed the local index.");
        _syncs = f.CreateCounter("ron_index_sync_rounds_total", "Anti-entropy pulls by result.", "result");
    }

    /// <summary>Counts the store's conflict resolutions.</summary>
    public void Watch(IIndexStore store) => store.ConflictResolved += (_, _) => _conflicts.Inc();

    public void Pushed(bool ok) => _pushes.WithLabels(ok ? "ok" : "failed").Inc();

    public void Rejected(string code) => _rejected.WithLabels(code).Inc();

    public void Ingested(int n) => _ingested.Inc(n);

    public void Synced(bool ok) => _syncs.WithLabels(ok ? "ok" : "failed").Inc();
}
