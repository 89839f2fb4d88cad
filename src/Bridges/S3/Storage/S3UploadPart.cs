using RustyOnions.Proto.Content;

namespace RustyOnions.Bridges.S3.Storage;

/// <summary>One uploaded part of a multipart upload, stored as its own overlay object.</summary>
/// <param name="PartNumber">1..10000.</param>
/// <param name="Address">The part's content address.</param>
/// <param name="Size">Part size.</param>
/// <param name="ETag">Quoted MD5 of the part.</param>
/// <param name="LastModified">Upload time.</param>
public sealed record S3UploadPart(int PartNumber, ContentId Address, long Size, string ETag, DateTimeOffset LastModified);
