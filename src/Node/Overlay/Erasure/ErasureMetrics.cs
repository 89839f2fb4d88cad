using Prometheus;
using RustyOnions.Overlay.Erasure;

namespace RustyOnions.Node.Overlay.Erasure;

/// <summary>Erasure-coding metrics on the node's registry.</summary>
internal sealed class ErasureMetrics : IErasureMetrics
{
    private readonly Counter _placed;
    private readonly Counter _placedBytes;
    private readonly Counter _stored;
    private readonly Counter _storedBytes;
    private readonly Counter _verified;
    private readonly Counter _corrupt;
    private readonly Counter _repaired;
    private readonly Counter _repairedBytes;
    private readonly Counter _repairRead;
    private readonly Counter _decoded;

    public ErasureMetrics(CollectorRegistry registry)
    {
        var f = Prometheus.Metrics.WithCustomRegistry(registry);
        _placed = f.CreateCounter("ron_erasure_shards_placed_total", "Shards this node stored durably on some peer (PUT or repair).");
        _placedBytes = f.CreateCounter("ron_erasure_shard_bytes_placed_total", "Bytes of the shards this node placed.");
        _stored = f.CreateCounter("ron_erasure_shards_stored_total", "Shards written into this node's shard store (from any peer).");
        _storedBytes = f.CreateCounter("ron_erasure_shard_bytes_stored_total", "Bytes written into this node's shard store.");
        _verified = f.CreateCounter("ron_erasure_shards_verified_total", "Local shards a scrub read whole and verified.");
        _corrupt = f.CreateCounter("ron_erasure_shards_corrupt_total", "Shards that failed verification (scrub, local read, or bytes from a peer).");
        _repaired = f.CreateCounter("ron_erasure_shards_repaired_total", "Shards regenerated and stored by repair.");
        _repairedBytes = f.CreateCounter("ron_erasure_repair_bytes_written_total", "Bytes of regenerated shards stored by repair.");
        _repairRead = f.CreateCounter("ron_erasure_repair_bytes_read_total", "Shard bytes fetched from peers to regenerate missing shards.");
        _decoded = f.CreateCounter("ron_erasure_segments_decoded_total", "Segments a GET had to rebuild from parity.");
    }

    public void ShardPlaced(long bytes)
    {
        _placed.Inc();
        _placedBytes.Inc(bytes);
    }

    public void ShardStored(long bytes)
    {
        _stored.Inc();
        _storedBytes.Inc(bytes);
    }

    public void ShardVerified() => _verified.Inc();

    public void ShardCorrupt() => _corrupt.Inc();

    public void ShardRepaired(long bytes)
    {
        _repaired.Inc();
        _repairedBytes.Inc(bytes);
    }

    public void RepairBytesRead(long bytes) => _repairRead.Inc(bytes);

    public void SegmentDecoded() => _decoded.Inc();
}
