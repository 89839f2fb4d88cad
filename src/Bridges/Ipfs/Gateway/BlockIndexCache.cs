using RustyOnions.Bridges.Ipfs.Multiformats;
using RustyOnions.Bridges.Ipfs.UnixFs;
using RustyOnions.Index.Mapping;
using RustyOnions.Overlay.Store;

namespace RustyOnions.Bridges.Ipfs.Gateway;

/// <summary>
/// A bounded LRU of block indexes (<see cref="UnixFsContentBlocks"/>) of mapped objects, built on demand by one import
/// pass over the verified overlay bytes. Concurrent requests for the same object share one build; a failed build is
/// not cached.
/// </summary>
public sealed class BlockIndexCache
{
    private readonly int _capacity;
    private readonly Lock _gate = new();
    private readonly Dictionary<Cid, LinkedListNode<(Cid Root, Lazy<Task<UnixFsContentBlocks?>> Build)>> _map = [];
    private readonly LinkedList<(Cid Root, Lazy<Task<UnixFsContentBlocks?>> Build)> _order = new();
    private long _builds;

    /// <summary>Creates a cache of at most <paramref name="capacity"/> objects.</summary>
    public BlockIndexCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Block indexes built so far (cache misses).</summary>
    public long Builds => Interlocked.Read(ref _builds);

    /// <summary>Cached objects.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _map.Count;
            }
        }
    }

    /// <summary>Returns the block index of the object <paramref name="entry"/> names; null when the object is gone.</summary>
    /// <exception cref="IpfsVerificationException">The object's DAG does not have the recorded root CID.</exception>
    public async Task<UnixFsContentBlocks?> GetAsync(IContentStore store, CidMapEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(entry);
        var root = Cid.FromBytes(entry.Cid.Span);
        Lazy<Task<UnixFsContentBlocks?>> build;
        lock (_gate)
        {
            if (_map.TryGetValue(root, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                build = node.Value.Build;
            }
            else
            {
                // The build must not observe the caller's token: other requests may share it.
                build = new Lazy<Task<UnixFsContentBlocks?>>(() => BuildAsync(store, entry, root));
                _map[root] = _order.AddFirst((root, build));
                while (_map.Count > _capacity)
                {
                    var last = _order.Last!;
                    _order.RemoveLast();
                    _map.Remove(last.Value.Root);
                }
            }
        }

        try
        {
            var blocks = await build.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (blocks is null)
            {
                Forget(root, build);
            }

            return blocks;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            Forget(root, build);
            throw;
        }
    }

    private void Forget(Cid root, Lazy<Task<UnixFsContentBlocks?>> build)
    {
        lock (_gate)
        {
            if (_map.TryGetValue(root, out var node) && ReferenceEquals(node.Value.Build, build))
            {
                _order.Remove(node);
                _map.Remove(root);
            }
        }
    }

    private async Task<UnixFsContentBlocks?> BuildAsync(IContentStore store, CidMapEntry entry, Cid root)
    {
        Interlocked.Increment(ref _builds);
        var blocks = await OverlayUnixFs.BuildBlocksAsync(store, entry.Addr, CancellationToken.None).ConfigureAwait(false);
        return blocks is null || blocks.Root.Equals(root)
            ? blocks
            : throw new IpfsVerificationException($"object {entry.Addr} imports as {blocks.Root}, not as its recorded CID {root}");
    }
}
