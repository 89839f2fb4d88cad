namespace RustyOnions.Overlay.Erasure;

/// <summary>What the erasure layer reports; the node maps it to Prometheus.</summary>
public interface IErasureMetrics
{
    /// <summary>A shard was stored durably (by a PUT or a repair) on some peer by this node.</summary>
    void ShardPlaced(long bytes);

    /// <summary>This node's shard store accepted a shard (from any peer).</summary>
    void ShardStored(long bytes);

    /// <summary>A scrub verified a local shard.</summary>
    void ShardVerified();

    /// <summary>A local or fetched shard failed verification.</summary>
    void ShardCorrupt();

    /// <summary>A repair regenerated and stored a shard.</summary>
    void ShardRepaired(long bytes);

    /// <summary>Bytes a repair read (fetched shards).</summary>
    void RepairBytesRead(long bytes);

    /// <summary>A GET rebuilt missing data shards.</summary>
    void SegmentDecoded();
}
