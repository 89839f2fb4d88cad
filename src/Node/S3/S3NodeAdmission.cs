using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RustyOnions.Bridges.S3;
using RustyOnions.Node.Admission;

namespace RustyOnions.Node.S3;

/// <summary>
/// S3 requests through the node's admission control: a token from the tenant's <c>s3</c> quota bucket, then a place
/// in the node-wide in-flight gate shared with OAP/1. Refusals are S3's 503 SlowDown with Retry-After
/// (specs/bridges.md "Admission").
/// </summary>
internal sealed class S3NodeAdmission : IS3Admission
{
    /// <summary>The quota tenant every unsigned request counts against.</summary>
    public static readonly UInt128 AnonymousTenant = TenantId(null);

    private readonly AdmissionControl _admission;

    public S3NodeAdmission(AdmissionControl admission) => _admission = admission;

    /// <summary>
    /// The 128-bit quota tenant of an S3 tenant name: the first 16 bytes (little-endian) of SHA-256("s3:" + name),
    /// or of "s3-anonymous" for unsigned requests (no name can produce that input).
    /// </summary>
    public static UInt128 TenantId(string? tenant)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(tenant is null ? "s3-anonymous" : "s3:" + tenant), hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }

    public ValueTask<IDisposable?> EnterAsync(string? tenant, string operation, long? bytes, CancellationToken ct)
    {
        var decision = _admission.TryAdmit(TenantId(tenant), GatewayAppIds.S3, out var retryAfterMs);
        return decision switch
        {
            AdmissionDecision.Admitted => ValueTask.FromResult<IDisposable?>(new Lease(_admission)),
            AdmissionDecision.OverQuota => throw SlowDown($"Please reduce your request rate: tenant {tenant ?? "(anonymous)"} is over its S3 request quota", retryAfterMs),
            _ => throw SlowDown("Please reduce your request rate: the node has too many requests in flight", retryAfterMs),
        };
    }

    private static S3Exception SlowDown(string message, long retryAfterMs)
    {
        var e = new S3Exception(503, "SlowDown", message);

        // Retry-After is whole seconds (RFC 9110); never 0, which clients read as "now".
        e.Headers["Retry-After"] = Math.Max(1, (retryAfterMs + 999) / 1000).ToString(CultureInfo.InvariantCulture);
        e.Headers["x-ron-retry-after-ms"] = Math.Max(1, retryAfterMs).ToString(CultureInfo.InvariantCulture);
        return e;
    }

    private sealed class Lease(AdmissionControl admission) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                admission.Release(GatewayAppIds.S3);
            }
        }
    }
}
