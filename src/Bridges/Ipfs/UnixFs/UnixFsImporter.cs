using System.Buffers;
using System.Security.Cryptography;
using RustyOnions.Bridges.Ipfs.DagPb;
using RustyOnions.Bridges.Ipfs.Multiformats;

namespace RustyOnions.Bridges.Ipfs.UnixFs;

/// <summary>Streaming UnixFS file importer that computes the same CIDv1 as <c>ipfs add --cid-version=1</c>
/// (fixed chunks, raw leaves, balanced layout, dag-pb sha2-256 inner nodes). Push bytes with
/// <see cref="WriteAsync"/>, then <see cref="CompleteAsync"/>. Memory: one chunk buffer plus, per tree level,
/// at most <see cref="UnixFsImporterOptions.MaxChildrenPerNode"/> pending links; blocks are not retained but handed
/// to the optional callback as they are made (leaves in file order, each inner node after its children).</summary>
/// <remarks>Not thread-safe; one importer per file.</remarks>
public sealed class UnixFsImporter : IDisposable
{
    private readonly UnixFsImporterOptions _options;
    private readonly Func<IpfsBlock, CancellationToken, ValueTask>? _onBlock;
    private readonly List<Level> _levels = [];
    private byte[]? _chunk;
    private int _chunkFill;
    private long _fileSize;
    private int _blockCount;
    private bool _completed;

    /// <summary>Creates an importer.</summary>
    /// <param name="options">Chunking/layout; null for the <c>ipfs add</c> defaults.</param>
    /// <param name="onBlock">Receives every block as it is made; the leaf bytes are only valid during the call.</param>
    public UnixFsImporter(UnixFsImporterOptions? options = null, Func<IpfsBlock, CancellationToken, ValueTask>? onBlock = null)
    {
        _options = (options ?? UnixFsImporterOptions.Default).Validate();
        _onBlock = onBlock;
        _chunk = ArrayPool<byte>.Shared.Rent(_options.ChunkSize);
    }

    /// <summary>Imports a whole stream (read to its end) and returns the root.</summary>
    public static async ValueTask<UnixFsImportResult> ImportAsync(
        Stream source,
        UnixFsImporterOptions? options = null,
        Func<IpfsBlock, CancellationToken, ValueTask>? onBlock = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var importer = new UnixFsImporter(options, onBlock);
        int size = importer._options.ChunkSize;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            while (true)
            {
                int n = await source.ReadAtLeastAsync(buffer.AsMemory(0, size), size, throwOnEndOfStream: false, cancellationToken)
                    .ConfigureAwait(false);
                if (n == 0)
                    break;
                await importer.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                if (n < size)
                    break;
            }
            return await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Computes the CID of in-memory content (no blocks kept).</summary>
    public static Cid ComputeCid(ReadOnlyMemory<byte> content, UnixFsImporterOptions? options = null)
    {
        using var importer = new UnixFsImporter(options);
        // Without a callback every step completes synchronously.
        var write = importer.WriteAsync(content, CancellationToken.None);
        if (!write.IsCompletedSuccessfully)
            throw new InvalidOperationException("importer without callback completed asynchronously");
        var result = importer.CompleteAsync(CancellationToken.None);
        return result.IsCompletedSuccessfully ? result.Result.Root : throw new InvalidOperationException("unexpected async completion");
    }

    /// <summary>Imports content and collects every block (for small objects, tests and CAR building).</summary>
    public static async ValueTask<(UnixFsImportResult Result, IReadOnlyDictionary<Cid, byte[]> Blocks)> ImportWithBlocksAsync(
        Stream source, UnixFsImporterOptions? options = null, CancellationToken cancellationToken = default)
    {
        var blocks = new Dictionary<Cid, byte[]>();
        var result = await ImportAsync(source, options, (b, _) =>
        {
            blocks.TryAdd(b.Cid, b.Data.ToArray());
            return ValueTask.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        return (result, blocks);
    }

    /// <summary>Finds one block of the DAG of <paramref name="source"/> by CID, re-importing the content
    /// (O(content) work, O(chunk) memory). Returns null when the CID is not a block of this content.</summary>
    public static async ValueTask<byte[]?> FindBlockAsync(
        Stream source, Cid cid, UnixFsImporterOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cid);
        byte[]? found = null;
        await ImportAsync(source, options, (b, _) =>
        {
            if (found is null && b.Cid.Equals(cid))
                found = b.Data.ToArray();
            return ValueTask.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        return found;
    }

    /// <summary>Bytes written so far.</summary>
    public long FileSize => _fileSize;

    /// <summary>Appends file bytes.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_chunk is null, this);
        if (_completed)
            throw new InvalidOperationException("the importer is already completed");
        int size = _options.ChunkSize;
        while (!data.IsEmpty)
        {
            if (_chunkFill == 0 && data.Length >= size)
            {
                // Whole chunk straight from the caller's memory: no copy.
                await EmitLeafAsync(data[..size], cancellationToken).ConfigureAwait(false);
                data = data[size..];
                continue;
            }
            int take = Math.Min(size - _chunkFill, data.Length);
            data.Span[..take].CopyTo(_chunk.AsSpan(_chunkFill));
            _chunkFill += take;
            data = data[take..];
            if (_chunkFill == size)
            {
                await EmitLeafAsync(_chunk.AsMemory(0, size), cancellationToken).ConfigureAwait(false);
                _chunkFill = 0;
            }
        }
    }

    /// <summary>Flushes the last chunk, builds the remaining inner nodes and returns the root.</summary>
    public async ValueTask<UnixFsImportResult> CompleteAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_chunk is null, this);
        if (_completed)
            throw new InvalidOperationException("the importer is already completed");
        _completed = true;
        // The fixed-size chunker yields a final partial chunk, and one empty chunk for an empty file.
        if (_chunkFill > 0 || _levels.Count == 0)
            await EmitLeafAsync(_chunk.AsMemory(0, _chunkFill), cancellationToken).ConfigureAwait(false);
        _chunkFill = 0;

        // Same grouping as the reference importer: each level is cut into batches of MaxChildrenPerNode in order
        // (full batches were already reduced eagerly); a level holding exactly one node ever is the root.
        for (int l = 0; ; l++)
        {
            var level = _levels[l];
            bool top = l == _levels.Count - 1;
            if (top && level.Total == 1)
            {
                var root = level.Pending[0];
                return new UnixFsImportResult(root.Cid, _fileSize, root.Tsize, _blockCount);
            }
            if (level.Pending.Count > 0)
                await ReduceAsync(l, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_chunk is { } c)
        {
            _chunk = null;
            ArrayPool<byte>.Shared.Return(c);
        }
    }

    private async ValueTask EmitLeafAsync(ReadOnlyMemory<byte> leaf, CancellationToken ct)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(leaf.Span, digest);
        var cid = Cid.CreateV1(Multicodec.Raw, Multihash.FromDigest(MultihashCode.Sha2_256, digest));
        _fileSize += leaf.Length;
        _blockCount++;
        if (_onBlock is not null)
            await _onBlock(new IpfsBlock(cid, leaf), ct).ConfigureAwait(false);
        await AddAsync(0, new PendingLink(cid, (ulong)leaf.Length, (ulong)leaf.Length), ct).ConfigureAwait(false);
    }

    private async ValueTask AddAsync(int levelIndex, PendingLink link, CancellationToken ct)
    {
        if (levelIndex == _levels.Count)
            _levels.Add(new Level());
        var level = _levels[levelIndex];
        level.Pending.Add(link);
        level.Total++;
        if (level.Pending.Count == _options.MaxChildrenPerNode)
            await ReduceAsync(levelIndex, ct).ConfigureAwait(false);
    }

    private async ValueTask ReduceAsync(int levelIndex, CancellationToken ct)
    {
        var pending = _levels[levelIndex].Pending;
        var links = new PbLink[pending.Count];
        var sizes = new ulong[pending.Count];
        ulong fileBytes = 0, tsize = 0;
        for (int i = 0; i < pending.Count; i++)
        {
            var p = pending[i];
            links[i] = new PbLink(p.Cid, string.Empty, p.Tsize);
            sizes[i] = p.FileBytes;
            fileBytes += p.FileBytes;
            tsize += p.Tsize;
        }
        pending.Clear();
        var data = UnixFsCodec.Encode(new UnixFsData(UnixFsType.File, null, fileBytes, sizes));
        var block = DagPbCodec.Encode(new PbNode(links, data));
        var cid = Cid.Compute(Multicodec.DagPb, block);
        _blockCount++;
        if (_onBlock is not null)
            await _onBlock(new IpfsBlock(cid, block), ct).ConfigureAwait(false);
        await AddAsync(levelIndex + 1, new PendingLink(cid, tsize + (ulong)block.Length, fileBytes), ct).ConfigureAwait(false);
    }

    private readonly record struct PendingLink(Cid Cid, ulong Tsize, ulong FileBytes);

    private sealed class Level
    {
        public List<PendingLink> Pending { get; } = [];

        public long Total { get; set; }
    }
}
