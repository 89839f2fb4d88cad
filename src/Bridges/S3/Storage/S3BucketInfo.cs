namespace RustyOnions.Bridges.S3.Storage;

/// <summary>A bucket marker.</summary>
/// <param name="Name">Bucket name.</param>
/// <param name="Tenant">The tenant that created it.</param>
/// <param name="Created">Creation time.</param>
public sealed record S3BucketInfo(string Name, string Tenant, DateTimeOffset Created);
