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

/// <summary>Metrics that go nowhere (tests, tools).</summary>
public sealed class NoErasureMetrics : IErasureMetrics
{
    /// <summary>The instance.</summary>
    public static NoErasureMetrics Instance { get; } = new();

    /// <inheritdoc />
    public void ShardPlaced(long bytes)
    {
    }

    /// <inheritdoc />
    public void ShardStored(long bytes)
    {
    }

    /// <inheritdoc />
    public void ShardVerified()
    {
    }

    /// <inheritdoc />
    public void ShardCorrupt()
    {
    }

    /// <inheritdoc />
    public void ShardRepaired(long bytes)
    {
    }

    /// <inheritdoc />
    public void RepairBytesRead(long bytes)
    {
    }

    /// <inheritdoc />
    public void SegmentDecoded()
    {
    }
}
