using RustyOnions.Overlay.Erasure;

namespace RustyOnions.Overlay.Tests.Erasure;

internal sealed class CountingErasureMetrics : IErasureMetrics
{
    public long Placed;
    public long StoredBytes;
    public long Verified;
    public long Corrupt;
    public long Repaired;
    public long RepairRead;
    public long Decoded;

    public void ShardPlaced(long bytes) => Interlocked.Increment(ref Placed);

    public void ShardStored(long bytes) => Interlocked.Add(ref StoredBytes, bytes);

    public void ShardVerified() => Interlocked.Increment(ref Verified);

    public void ShardCorrupt() => Interlocked.Increment(ref Corrupt);

    public void ShardRepaired(long bytes) => Interlocked.Increment(ref Repaired);

    public void RepairBytesRead(long bytes) => Interlocked.Add(ref RepairRead, bytes);

    public void SegmentDecoded() => Interlocked.Increment(ref Decoded);
}
