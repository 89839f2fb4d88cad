using Prometheus;
using RustyOnions.Overlay.Replication;

namespace RustyOnions.Node.Overlay;

/// <summary>Replication and membership metrics on the node's registry.</summary>
internal sealed class OverlayMetrics : IReplicationMetrics
{
    private readonly Counter _written;
    private readonly Counter _fetched;
    private readonly Counter _repaired;
    private readonly Counter _corrupt;
    private readonly Counter _wrongBytes;
    private readonly Counter _migrated;
    private readonly Gauge _backlog;
    private readonly Gauge _peers;
    private readonly Counter _linksClosed;

    public OverlayMetrics(CollectorRegistry registry)
    {
        var f = Prometheus.Metrics.WithCustomRegistry(registry);
        _written = f.CreateCounter("ron_replicas_written_total", "Replicas stored durably on peers by this node.");
        _fetched = f.CreateCounter("ron_replicas_fetched_total", "Objects fetched from peers and verified.");
        _repaired = f.CreateCounter("ron_replicas_repaired_total", "Corrupt local replicas replaced by verified copies.");
        _corrupt = f.CreateCounter("ron_replicas_corrupt_total", "Local replicas that failed verification.");
        _wrongBytes = f.CreateCounter("ron_peer_wrong_bytes_total", "Fetches where a peer served bytes not matching the address.");
        _migrated = f.CreateCounter("ron_replicas_migrated_total", "Replicas pushed to new holders after membership changes.");
        _backlog = f.CreateGauge("ron_migration_backlog_objects", "Objects left in the current migration pass.");
        _peers = f.CreateGauge("ron_peers", "Known peers by state.", "state");
        _linksClosed = f.CreateCounter("ron_peer_links_closed_total", "Inbound peer links closed because the peer sent a malformed or oversized overlay message.", "reason");
    }

    public void ReplicaWritten() => _written.Inc();

    public void ReplicaFetched() => _fetched.Inc();

    public void ReplicaRepaired() => _repaired.Inc();

    public void CorruptReplica() => _corrupt.Inc();

    public void WrongBytesFromPeer() => _wrongBytes.Inc();

    public void MigrationBacklog(long objects) => _backlog.Set(objects);

    public void Migrated() => _migrated.Inc();

    public void LinkClosed(string reason) => _linksClosed.WithLabels(reason).Inc();

    public void Peers(string state, int count) => _peers.WithLabels(state).Set(count);
}
