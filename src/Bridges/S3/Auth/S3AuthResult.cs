namespace RustyOnions.Bridges.S3.Auth;

/// <summary>The outcome of authenticating one request.</summary>
/// <param name="Key">The access key that signed it, or null for an anonymous request.</param>
/// <param name="PayloadHash">The declared payload hash (hex, UNSIGNED-PAYLOAD or a STREAMING-* marker).</param>
/// <param name="SigningKey">The derived signing key (for aws-chunked chunk signatures).</param>
/// <param name="AmzDate">The request's X-Amz-Date.</param>
/// <param name="Scope">The credential scope date/region/s3/aws4_request.</param>
/// <param name="Signature">The request signature (the seed of chunk signatures).</param>
public sealed record S3AuthResult(S3AccessKey? Key, string PayloadHash, byte[]? SigningKey, string AmzDate, string Scope, string Signature)
{
    /// <summary>An anonymous request.</summary>
    public static S3AuthResult Anonymous { get; } = new(null, "UNSIGNED-PAYLOAD", null, string.Empty, string.Empty, string.Empty);
}
