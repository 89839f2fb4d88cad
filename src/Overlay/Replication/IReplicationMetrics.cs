namespace RustyOnions.Overlay.Replication;

/// <summary>What replication reports; the node maps it to Prometheus.</summary>
public interface IReplicationMetrics
{
    /// <summary>A replica was stored durably on a peer.</summary>
    void ReplicaWritten();

    /// <summary>An object was fetched from a peer and verified.</summary>
    void ReplicaFetched();

    /// <summary>A corrupt local replica was replaced by a verified copy.</summary>
    void ReplicaRepaired();

    /// <summary>A local replica failed verification.</summary>
    void CorruptReplica();

    /// <summary>A peer served bytes that did not match the address.</summary>
    void WrongBytesFromPeer();

    /// <summary>Objects still to migrate after a membership change.</summary>
    void MigrationBacklog(long objects);

    /// <summary>An object was pushed to a new holder by migration.</summary>
    void Migrated();
}
