using RustyOnions.Bridges.Ipfs.Multiformats;
using RustyOnions.Bridges.Ipfs.UnixFs;

namespace RustyOnions.Bridges.Ipfs.Car;

/// <summary>Writes the CARv1 of a UnixFS file DAG in DFS pre-order (<c>order=dfs</c>, no duplicates), the way a
/// trustless gateway answers <c>?format=car</c>. Every block is fetched from the source and verified before it is
/// written, so a wrong block aborts the response instead of being served.</summary>
public static class UnixFsCarExporter
{
    /// <summary>Writes header (one root) and blocks to <paramref name="destination"/>; returns the blocks written.</summary>
    /// <param name="destination">Receives the CAR; not flushed or disposed.</param>
    /// <param name="root">The file's CID.</param>
    /// <param name="blockSource">Fetches blocks (e.g. <see cref="UnixFsContentBlocks.GetBlockAsync"/>).</param>
    /// <param name="scope">Block: root only; Entity: the file (honouring <paramref name="entityBytes"/>); All: the whole DAG.</param>
    /// <param name="entityBytes">Byte range for <see cref="DagScope.Entity"/>; ignored for other scopes.</param>
    /// <param name="limits">Bounds; null for defaults.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    public static async ValueTask<int> WriteCarAsync(
        Stream destination,
        Cid root,
        Func<Cid, CancellationToken, ValueTask<ReadOnlyMemory<byte>>> blockSource,
        DagScope scope = DagScope.All,
        EntityBytesRange? entityBytes = null,
        IpfsLimits? limits = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(blockSource);
        limits = (limits ?? IpfsLimits.Default).Validate();
        var writer = new CarWriter(destination);
        await writer.WriteHeaderAsync([root], cancellationToken).ConfigureAwait(false);
        if (scope == DagScope.Block)
        {
            var block = await blockSource(root, cancellationToken).ConfigureAwait(false);
            if (block.Length > limits.MaxBlockSize)
                throw new IpfsLimitException($"block {root}: {block.Length} bytes exceed {limits.MaxBlockSize}");
            root.Verify(block.Span);
            await writer.WriteBlockAsync(root, block, cancellationToken).ConfigureAwait(false);
            return writer.BlocksWritten;
        }
        var range = scope == DagScope.Entity ? entityBytes : null;
        // A block repeated in the DAG (identical chunks) is written once, as Kubo does with dups=n.
        var written = new HashSet<Cid>();
        await foreach (var item in UnixFsWalker.WalkAsync(root, blockSource, range, limits, cancellationToken).ConfigureAwait(false))
        {
            if (written.Add(item.Cid))
                await writer.WriteBlockAsync(item.Cid, item.Block, cancellationToken).ConfigureAwait(false);
        }
        return writer.BlocksWritten;
    }
}
