using RustyOnions.Bridges.S3.Storage;
using RustyOnions.Index.Records;
using RustyOnions.Index.Store;
using RustyOnions.Overlay.Store;

namespace RustyOnions.Bridges.S3;

/// <summary>
/// The stores behind the gateway. The node implements it (the lead can rewire the index to the node's shared
/// index store without touching the gateway). Members throw <see cref="S3Exception"/> 503 while not open.
/// </summary>
public interface IS3Backing
{
    /// <summary>The overlay content store holding object bytes.</summary>
    IContentStore Content { get; }

    /// <summary>The index store mapping <c>ns/s3/bucket/key</c> names to content addresses.</summary>
    IIndexStore Index { get; }

    /// <summary>The gateway's own metadata (buckets, ETags, user metadata, delete markers, uploads).</summary>
    S3MetadataStore Metadata { get; }

    /// <summary>The gateway's publisher key; its namespace holds every bucket.</summary>
    PublisherKey Publisher { get; }
}
