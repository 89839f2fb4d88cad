using RustyOnions.Bridges.S3;
using RustyOnions.Bridges.S3.Storage;
using RustyOnions.Index.Records;
using RustyOnions.Index.Store;
using RustyOnions.Node.Hosting;
using RustyOnions.Overlay.Store;

namespace RustyOnions.Node.S3;

/// <summary>
/// The node's stores as the S3 gateway sees them: the node's content store and its shared index store (so names the
/// gateway publishes resolve over OAP/1 and federate like any other), plus the gateway's own key and metadata in DATA/s3.
/// </summary>
internal sealed class S3NodeBacking : IS3Backing, IAsyncDisposable
{
    private readonly NodeStores _stores;
    private S3MetadataStore? _metadata;
    private PublisherKey? _publisher;

    public S3NodeBacking(NodeStores stores) => _stores = stores;

    public IContentStore Content => _stores.IsOpen ? _stores.Content : throw NotReady();

    public IIndexStore Index => _stores.IsOpen ? _stores.Index : throw NotReady();

    public S3MetadataStore Metadata => _metadata ?? throw NotReady();

    public PublisherKey Publisher => _publisher ?? throw NotReady();

    /// <summary>Opens the gateway key (DATA/s3/gateway.key), metadata file (memory-only in amnesia); the index is the node's.</summary>
    public async Task OpenAsync(string? dataDir, CancellationToken ct)
    {
        if (dataDir is null)
        {
            // Amnesia: a fresh key and memory-only stores.
            _publisher = PublisherKey.Generate();
            _metadata = await S3MetadataStore.OpenAsync(":memory:", ct).ConfigureAwait(false);
            return;
        }

        var dir = Path.Combine(dataDir, "s3");
        Directory.CreateDirectory(dir);
        _publisher = await PublisherKey.LoadOrCreateAsync(Path.Combine(dir, "gateway.key"), ct).ConfigureAwait(false);
        _metadata = await S3MetadataStore.OpenAsync(Path.Combine(dir, "meta.db"), ct).ConfigureAwait(false);
    }

    /// <summary>Closes the metadata store; the shared index belongs to <see cref="NodeStores"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_metadata is not null)
        {
            await _metadata.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static S3Exception NotReady() => new(503, "ServiceUnavailable", "The node is starting: its stores are not open yet; retry");
}
