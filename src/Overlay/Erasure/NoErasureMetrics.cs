namespace RustyOnions.Overlay.Erasure;

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
