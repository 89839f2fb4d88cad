using RustyOnions.Overlay.Replication;

namespace RustyOnions.Overlay.Tests.Overlay.Memory;

internal sealed class CountingMetrics : IReplicationMetrics
{
    public int Written;
    public int Fetched;
    public int Repaired;
    public int Corrupt;
    public int WrongBytes;
    public int MigratedCount;
    public long Backlog;

    public void ReplicaWritten() => Interlocked.Increment(ref Written);

    public void ReplicaFetched() => Interlocked.Increment(ref Fetched);

    public void ReplicaRepaired() => Interlocked.Increment(ref Repaired);

    public void CorruptReplica() => Interlocked.Increment(ref Corrupt);

    public void WrongBytesFromPeer() => Interlocked.Increment(ref WrongBytes);

    public void MigrationBacklog(long objects) => Backlog = objects;

    public void Migrated() => Interlocked.Increment(ref MigratedCount);
}
