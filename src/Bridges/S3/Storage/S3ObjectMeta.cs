using RustyOnions.Proto.Content;

namespace RustyOnions.Bridges.S3.Storage;

/// <summary>What S3 needs about an object beyond its index record.</summary>
/// <param name="Name">The full index name (<c>ns/s3/bucket/key</c>).</param>
/// <param name="Seq">The index record seq this metadata belongs to.</param>
/// <param name="Deleted">True for a delete marker: the name is hidden while the index record's seq is at most <paramref name="Seq"/>.</param>
/// <param name="ETag">The quoted ETag (MD5 or multipart form).</param>
/// <param name="ContentType">Content-Type.</param>
/// <param name="Metadata">User metadata (x-amz-meta-* without the prefix, lower-case names).</param>
/// <param name="Address">The overlay content address.</param>
/// <param name="Size">Object size in bytes.</param>
/// <param name="LastModified">Last-Modified (second precision, as HTTP dates carry).</param>
/// <param name="PartSizes">For multipart objects, the size of each part in order (for partNumber reads); empty otherwise.</param>
public sealed record S3ObjectMeta(
    string Name,
    long Seq,
    bool Deleted,
    string ETag,
    string ContentType,
    IReadOnlyDictionary<string, string> Metadata,
    ContentId Address,
    long Size,
    DateTimeOffset LastModified,
    IReadOnlyList<long> PartSizes);
