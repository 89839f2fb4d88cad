using RustyOnions.Proto.Content;

namespace RustyOnions.Index.Mapping;

/// <summary>
/// The CID ↔ b3 mapping of the IPFS bridge: which overlay object is the UnixFS file named by a root CID, and which
/// root a block CID of that file's DAG belongs to (so a trustless gateway can answer a request for any block).
/// Entries are facts derived from content (a CID is a hash of the object's DAG), so they are never updated, only added.
/// Implemented on SQLite (<see cref="SqliteCidMap"/>) and in memory (<see cref="MemoryCidMap"/>).
/// </summary>
public interface ICidMap : IAsyncDisposable
{
    /// <summary>Root CIDs recorded.</summary>
    long Count { get; }

    /// <summary>Records a root and (optionally) the CIDs of every block of its DAG; re-recording is a no-op.</summary>
    /// <param name="entry">The root CID, the object's address and size.</param>
    /// <param name="blockCids">Binary CIDs of the DAG's blocks (root included or not), or null.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    ValueTask PutAsync(CidMapEntry entry, IReadOnlyCollection<ReadOnlyMemory<byte>>? blockCids, CancellationToken cancellationToken);

    /// <summary>The object a root CID names, or null.</summary>
    ValueTask<CidMapEntry?> TryGetByCidAsync(ReadOnlyMemory<byte> cid, CancellationToken cancellationToken);

    /// <summary>The first root CID recorded for an object, or null.</summary>
    ValueTask<CidMapEntry?> TryGetByAddrAsync(ContentId addr, CancellationToken cancellationToken);

    /// <summary>The root whose DAG contains the block <paramref name="blockCid"/> (a root maps to itself), or null.</summary>
    ValueTask<CidMapEntry?> TryGetByBlockAsync(ReadOnlyMemory<byte> blockCid, CancellationToken cancellationToken);
}
