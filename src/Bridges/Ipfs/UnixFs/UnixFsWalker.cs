using System.Runtime.CompilerServices;
using RustyOnions.Bridges.Ipfs.DagPb;
using RustyOnions.Bridges.Ipfs.Multiformats;

namespace RustyOnions.Bridges.Ipfs.UnixFs;

/// <summary>Walks a UnixFS file DAG depth-first (pre-order), fetching each block from a source and verifying it against
/// its CID before use. Bounded: block size, fan-out and depth from <see cref="IpfsLimits"/>; a CID repeated on its own
/// path is a cycle. With a byte range, subtrees outside it are skipped using the parents' blocksizes, so only the
/// blocks needed to verify the range are fetched (the trustless gateway's <c>entity-bytes</c> block set).</summary>
public static class UnixFsWalker
{
    /// <summary>Walks the file DAG under <paramref name="root"/>.</summary>
    /// <param name="root">A raw leaf or a dag-pb UnixFS File/Raw node.</param>
    /// <param name="blockSource">Fetches blocks; its bytes are verified here.</param>
    /// <param name="range">Only visit blocks needed for these file bytes; null for the whole file.</param>
    /// <param name="limits">Bounds; null for <see cref="IpfsLimits.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <exception cref="IpfsVerificationException">A block does not match its CID or sizes contradict each other.</exception>
    /// <exception cref="IpfsFormatException">Malformed block, or a UnixFS type other than File/Raw.</exception>
    /// <exception cref="IpfsLimitException">Block too big, too many links, too deep, or a cycle.</exception>
    public static IAsyncEnumerable<UnixFsWalkItem> WalkAsync(
        Cid root,
        Func<Cid, CancellationToken, ValueTask<ReadOnlyMemory<byte>>> blockSource,
        EntityBytesRange? range = null,
        IpfsLimits? limits = null,
        CancellationToken cancellationToken = default)
        => WalkCoreAsync(root, blockSource, range, (limits ?? IpfsLimits.Default).Validate(), verifyHashes: true, cancellationToken);

    /// <summary>Fetches and verifies only the root and returns the file size it declares.</summary>
    public static async ValueTask<long> GetFileSizeAsync(
        Cid root,
        Func<Cid, CancellationToken, ValueTask<ReadOnlyMemory<byte>>> blockSource,
        IpfsLimits? limits = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(blockSource);
        limits = (limits ?? IpfsLimits.Default).Validate();
        var block = await FetchAsync(root, blockSource, limits, true, cancellationToken).ConfigureAwait(false);
        return Inspect(root, block, limits, null).FileSize;
    }

    /// <summary>The walk; <paramref name="verifyHashes"/> is false only in tests that must build impossible DAGs
    /// (cycles cannot be built with real hashes).</summary>
    internal static async IAsyncEnumerable<UnixFsWalkItem> WalkCoreAsync(
        Cid root,
        Func<Cid, CancellationToken, ValueTask<ReadOnlyMemory<byte>>> blockSource,
        EntityBytesRange? range,
        IpfsLimits limits,
        bool verifyHashes,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(blockSource);
        var rootBlock = await FetchAsync(root, blockSource, limits, verifyHashes, cancellationToken).ConfigureAwait(false);
        var rootNode = Inspect(root, rootBlock, limits, null);
        var (start, end) = (range ?? EntityBytesRange.All).Resolve(rootNode.FileSize);
        yield return new UnixFsWalkItem(root, rootBlock, 0, 0, rootNode.Inline);

        var stack = new Stack<Frame>();
        var path = new HashSet<Cid> { root };
        if (rootNode.Links is not null)
            stack.Push(new Frame(root, rootNode, 0, rootNode.Inline.Length));
        while (stack.Count > 0)
        {
            var frame = stack.Peek();
            if (frame.Next == frame.Node.Links!.Count)
            {
                path.Remove(frame.Cid);
                stack.Pop();
                continue;
            }
            int i = frame.Next++;
            var child = frame.Node.Links[i].Hash;
            long size = (long)frame.Node.BlockSizes![i];
            long offset = frame.ChildOffset;
            frame.ChildOffset += size;
            if (offset >= end || offset + size <= start)
                continue;
            int depth = stack.Count;
            if (depth > limits.MaxDepth)
                throw new IpfsLimitException($"UnixFS DAG deeper than {limits.MaxDepth} levels below {root}");
            if (path.Contains(child))
                throw new IpfsLimitException($"UnixFS DAG has a cycle: {child} links to itself through its descendants");
            var block = await FetchAsync(child, blockSource, limits, verifyHashes, cancellationToken).ConfigureAwait(false);
            var info = Inspect(child, block, limits, size);
            yield return new UnixFsWalkItem(child, block, depth, offset, info.Inline);
            if (info.Links is not null)
            {
                path.Add(child);
                stack.Push(new Frame(child, info, 0, offset + info.Inline.Length));
            }
        }
    }

    private static async ValueTask<ReadOnlyMemory<byte>> FetchAsync(
        Cid cid, Func<Cid, CancellationToken, ValueTask<ReadOnlyMemory<byte>>> source, IpfsLimits limits, bool verify,
        CancellationToken ct)
    {
        var block = await source(cid, ct).ConfigureAwait(false);
        if (block.Length > limits.MaxBlockSize)
            throw new IpfsLimitException($"block {cid}: {block.Length} bytes exceed {limits.MaxBlockSize}");
        if (verify)
            cid.Verify(block.Span);
        return block;
    }

    private static NodeInfo Inspect(Cid cid, ReadOnlyMemory<byte> block, IpfsLimits limits, long? expectedSize)
    {
        if (cid.Codec == Multicodec.Raw)
        {
            if (expectedSize is { } e && e != block.Length)
                throw new IpfsVerificationException($"raw block {cid} has {block.Length} bytes, its parent says {e}");
            return new NodeInfo(block, block.Length, null, null);
        }
        var node = DagPbCodec.Decode(block.Span, limits);
        if (node.Data is not { } pbData)
            throw new IpfsFormatException($"dag-pb block {cid} has no UnixFS Data");
        var fs = UnixFsCodec.Decode(pbData.Span, limits);
        if (fs.Type is not (UnixFsType.File or UnixFsType.Raw))
            throw new IpfsFormatException($"dag-pb block {cid} is UnixFS {fs.Type}; only files are supported");
        if (node.Links.Count != fs.BlockSizes.Count)
            throw new IpfsFormatException(
                $"dag-pb block {cid} has {node.Links.Count} links but {fs.BlockSizes.Count} blocksizes");
        var inline = fs.Data ?? ReadOnlyMemory<byte>.Empty;
        ulong total = (ulong)inline.Length;
        foreach (ulong s in fs.BlockSizes)
        {
            total += s;
            if (total > long.MaxValue)
                throw new IpfsFormatException($"dag-pb block {cid}: blocksizes overflow");
        }
        if (fs.FileSize is { } declared && declared != total && node.Links.Count > 0)
            throw new IpfsVerificationException($"UnixFS node {cid} declares filesize {declared} but holds {total} bytes");
        if (expectedSize is { } e2 && e2 != (long)total)
            throw new IpfsVerificationException($"UnixFS node {cid} holds {total} bytes, its parent says {e2}");
        return new NodeInfo(inline, (long)total, node.Links.Count > 0 ? node.Links : null, fs.BlockSizes);
    }

    private sealed record NodeInfo(ReadOnlyMemory<byte> Inline, long FileSize, IReadOnlyList<PbLink>? Links, IReadOnlyList<ulong>? BlockSizes);

    private sealed class Frame(Cid cid, NodeInfo node, int next, long childOffset)
    {
        public Cid Cid { get; } = cid;

        public NodeInfo Node { get; } = node;

        public int Next { get; set; } = next;

        public long ChildOffset { get; set; } = childOffset;
    }
}
