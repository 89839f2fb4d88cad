namespace RustyOnions.Bridges.S3.Storage;

/// <summary>An open multipart upload.</summary>
/// <param name="UploadId">Opaque id handed to the client.</param>
/// <param name="Bucket">Bucket.</param>
/// <param name="Key">Object key.</param>
/// <param name="ContentType">Content-Type given at CreateMultipartUpload.</param>
/// <param name="Metadata">User metadata given at CreateMultipartUpload.</param>
/// <param name="Created">Creation time.</param>
public sealed record S3Upload(string UploadId, string Bucket, string Key, string ContentType, IReadOnlyDictionary<string, string> Metadata, DateTimeOffset Created);
