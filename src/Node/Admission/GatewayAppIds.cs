namespace RustyOnions.Node.Admission;

/// <summary>
/// Quota keys for requests that do not arrive over OAP/1 (HTTP gateways). They share the (tenant, app) token
/// buckets and the in-flight gate with OAP/1 requests, but never appear on the wire (specs/oap-1.md §4).
/// </summary>
public static class GatewayAppIds
{
    /// <summary>The S3 gateway (quota keys <c>quota_s3_rps</c> / <c>quota_s3_burst</c>).</summary>
    public const ushort S3 = 0xF053;
}
