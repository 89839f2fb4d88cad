using RustyOnions.Bridges.Ipfs.Multiformats;

namespace RustyOnions.Bridges.Ipfs.UnixFs;

/// <summary>The UnixFS DAG of an object whose bytes we hold (e.g. in the overlay), served block by block without
/// storing the leaves twice: one import pass keeps the inner dag-pb nodes (about 0.02 % of the file) and the file
/// offset of each distinct raw leaf; a leaf is then read back from the content on demand.</summary>
public sealed class UnixFsContentBlocks
{
    private readonly Dictionary<Cid, byte[]> _inner;
    private readonly Dictionary<Cid, (long Offset, int Length)> _leaves;
    private readonly Func<long, int, CancellationToken, ValueTask<ReadOnlyMemory<byte>>> _readAt;

    private UnixFsContentBlocks(
        UnixFsImportResult result,
        Dictionary<Cid, byte[]> inner,
        Dictionary<Cid, (long, int)> leaves,
        Func<long, int, CancellationToken, ValueTask<ReadOnlyMemory<byte>>> readAt)
    {
        Result = result;
        _inner = inner;
        _leaves = leaves;
        _readAt = readAt;
    }

    /// <summary>The import outcome (root CID, sizes, block count).</summary>
    public UnixFsImportResult Result { get; }

    /// <summary>The root CID.</summary>
    public Cid Root => Result.Root;

    /// <summary>Builds the index by importing <paramref name="content"/> (read sequentially once).</summary>
    /// <param name="content">The object's bytes, read from its start to its end.</param>
    /// <param name="readAt">Reads <c>length</c> bytes at <c>offset</c> of the same content later (must return exactly that many).</param>
    /// <param name="options">Chunking/layout; null for <c>ipfs add</c> defaults.</param>
    /// <param name="cancellationToken">Cancels the import.</param>
    public static async ValueTask<UnixFsContentBlocks> BuildAsync(
        Stream content,
        Func<long, int, CancellationToken, ValueTask<ReadOnlyMemory<byte>>> readAt,
        UnixFsImporterOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(readAt);
        var inner = new Dictionary<Cid, byte[]>();
        var leaves = new Dictionary<Cid, (long, int)>();
        long offset = 0;
        var result = await UnixFsImporter.ImportAsync(content, options, (block, _) =>
        {
            if (block.Cid.Codec == Multicodec.Raw)
            {
                leaves.TryAdd(block.Cid, (offset, block.Data.Length));
                offset += block.Data.Length;
            }
            else
            {
                inner.TryAdd(block.Cid, block.Data.ToArray());
            }
            return ValueTask.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        return new UnixFsContentBlocks(result, inner, leaves, readAt);
    }

    /// <summary>Builds the index over bytes in memory.</summary>
    public static ValueTask<UnixFsContentBlocks> BuildAsync(
        ReadOnlyMemory<byte> content, UnixFsImporterOptions? options = null, CancellationToken cancellationToken = default)
    {
        var stream = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        return BuildAsync(stream, (o, l, _) => ValueTask.FromResult(content.Slice((int)o, l)), options, cancellationToken);
    }

    /// <summary>Builds the index over a seekable stream (leaves are read back by seeking, one read at a time).</summary>
    public static ValueTask<UnixFsContentBlocks> BuildAsync(
        Stream seekableContent, UnixFsImporterOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seekableContent);
        if (!seekableContent.CanSeek)
            throw new ArgumentException("the content stream must be seekable; pass a readAt function instead", nameof(seekableContent));
        // Seek + read must not interleave when several requests fetch blocks of the same object at once.
        var gate = new SemaphoreSlim(1, 1);
        return BuildAsync(seekableContent, async (o, l, ct) =>
        {
            var buffer = new byte[l];
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                seekableContent.Position = o;
                await seekableContent.ReadExactlyAsync(buffer, ct).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
            return buffer;
        }, options, cancellationToken);
    }

    /// <summary>True when <paramref name="cid"/> names a block of this DAG.</summary>
    public bool Contains(Cid cid) => _inner.ContainsKey(cid) || _leaves.ContainsKey(cid);

    /// <summary>Returns a block of this DAG, or throws <see cref="KeyNotFoundException"/>. Matches the block-source
    /// signature of <see cref="UnixFsReader"/>, <see cref="UnixFsWalker"/> and the CAR exporter.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> GetBlockAsync(Cid cid, CancellationToken cancellationToken = default)
        => await TryGetBlockAsync(cid, cancellationToken).ConfigureAwait(false)
           ?? throw new KeyNotFoundException($"block {cid} is not part of the DAG of {Root}");

    /// <summary>Returns a block of this DAG, or null.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> TryGetBlockAsync(Cid cid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cid);
        if (_inner.TryGetValue(cid, out var node))
            return node;
        if (!_leaves.TryGetValue(cid, out var leaf))
            return null;
        var bytes = await _readAt(leaf.Offset, leaf.Length, cancellationToken).ConfigureAwait(false);
        if (bytes.Length != leaf.Length)
            throw new IpfsVerificationException($"content read at {leaf.Offset} returned {bytes.Length} bytes, expected {leaf.Length}");
        // The content may have changed since the import: never hand out a block that is not what its CID says.
        cid.Verify(bytes.Span);
        return bytes;
    }
}
