using Microsoft.Extensions.Logging;
using RustyOnions.Bridges.Ipfs.Gateway;
using RustyOnions.Index.Mapping;
using RustyOnions.Node.Hosting;
using RustyOnions.Proto.Content;

namespace RustyOnions.Node.Ipfs;

/// <summary>
/// The node's IPFS bridge: the CID map (DATA_DIR/ipfs-map.db), the background CID indexer fed by storage PUTs, and
/// the trustless gateway served on <c>ipfs_gateway_listen</c>. Opened after the content store.
/// </summary>
public sealed class NodeIpfs : IAsyncDisposable
{
    private readonly NodeStores _stores;
    private readonly CancellationTokenSource _stop = new();
    private ICidMap? _map;
    private CidIndexer? _indexer;
    private Task _backfill = Task.CompletedTask;

    /// <summary>Creates the bridge; the gateway answers 503 until <see cref="OpenAsync"/> completes.</summary>
    public NodeIpfs(NodeStores stores)
    {
        _stores = stores;
        Gateway = new IpfsGateway(() => _stores.IsOpen && _map is not null ? _stores.Content : null, () => _map);
    }

    /// <summary>The gateway.</summary>
    public IpfsGateway Gateway { get; }

    /// <summary>The CID map, once open (the denylist resolves CIDs through it).</summary>
    public ICidMap? Map => _map;

    /// <summary>The CID indexer, once open.</summary>
    public CidIndexer? Indexer => _indexer;

    /// <summary>Opens the CID map, starts the indexer and queues stored objects that have no CID yet.</summary>
    public async Task OpenAsync(string? dataDir, ILogger log, CancellationToken ct)
    {
        ICidMap map = dataDir is null ? new MemoryCidMap() : await SqliteCidMap.OpenAsync(Path.Combine(dataDir, "ipfs-map.db"), ct).ConfigureAwait(false);
        _indexer = new CidIndexer(_stores.Content, map, Gateway.Options, log);
        _map = map;
        _backfill = Task.Run(async () =>
        {
            try
            {
                await _indexer.BackfillAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
    }

    /// <summary>Storage PUT hook: queue the object for CID computation (never blocks).</summary>
    public void OnStored(ContentId addr) => _indexer?.TryEnqueue(addr);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _backfill.ConfigureAwait(false);
        if (_indexer is not null)
        {
            await _indexer.DisposeAsync().ConfigureAwait(false);
        }

        if (_map is not null)
        {
            await _map.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
