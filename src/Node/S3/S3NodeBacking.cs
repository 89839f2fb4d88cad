using RustyOnions.Bridges.S3;
using RustyOnions.Bridges.S3.Storage;
using RustyOnions.Index.Records;
using RustyOnions.Index.Store;
using RustyOnions.Index.Store.Sqlite;
using RustyOnions.Node.Hosting;
using RustyOnions.Overlay.Store;

namespace RustyOnions.Node.S3;

/// <summary>
/// The node's stores as the S3 gateway sees them. Until the node has a shared index store, the gateway opens its own
/// SqliteIndexStore in DATA/s3/index.db (rewire <see cref="Index"/> to the node's store when it exists).
/// </summary>
internal sealed class S3NodeBacking : IS3Backing, IAsyncDisposable
{
    private readonly NodeStores _stores;
    private IIndexStore? _index;
    private S3MetadataStore? _metadata;
    private PublisherKey? _publisher;

    public S3NodeBacking(NodeStores stores) => _stores = stores;

    public IContentStore Content => _stores.IsOpen ? _stores.Content : throw NotReady();

    public IIndexStore Index => _index ?? throw NotReady();

    public S3MetadataStore Metadata => _metadata ?? throw NotReady();

    public PublisherKey Publisher => _publisher ?? throw NotReady();

    /// <summary>Opens the gateway key (DATA/s3/gateway.key), index and metadata files.</summary>
    public async Task OpenAsync(string? dataDir, CancellationToken ct)
    {
        if (dataDir is null)
        {
            // Amnesia: a fresh key and memory-only stores.
            _publisher = PublisherKey.Generate();
            _index = new RustyOnions.Index.Store.Memory.MemoryIndexStore();
            _metadata = await S3MetadataStore.OpenAsync(":memory:", ct).ConfigureAwait(false);
            return;
        }

        var dir = Path.Combine(dataDir, "s3");
        Directory.CreateDirectory(dir);
        _publisher = await PublisherKey.LoadOrCreateAsync(Path.Combine(dir, "gateway.key"), ct).ConfigureAwait(false);
        _index = await SqliteIndexStore.OpenAsync(new SqliteIndexStoreOptions { Path = Path.Combine(dir, "index.db") }, ct).ConfigureAwait(false);
        _metadata = await S3MetadataStore.OpenAsync(Path.Combine(dir, "meta.db"), ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_metadata is not null)
        {
            await _metadata.DisposeAsync().ConfigureAwait(false);
        }

        if (_index is not null)
        {
            await _index.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static S3Exception NotReady() => new(503, "ServiceUnavailable", "The node is starting: its stores are not open yet; retry");
}
