using System.Collections.Concurrent;
using System.Diagnostics;
using RustyOnions.Node.Admission;
using RustyOnions.Node.Oap;
using RustyOnions.Proto.Caps;
using RustyOnions.Proto.Errors;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Auth;

/// <summary>
/// Enforces a capability's own caveats on top of the node's quotas: <c>rps</c> as a token bucket per
/// cap id (burst = one second of rate), and <c>max_object_size</c> on storage PUTs, which must then
/// declare their size. The <c>bytes_per_day</c> caveat is carried but enforced by policy budgets.
/// </summary>
internal sealed class CapCaveatGuard
{
    private const int MaxTrackedCaps = 100_000;
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>Null when the request may go on, else the refusal (429 <c>cap_rps</c> or 413 <c>cap_max_object</c>).</summary>
    public OapServiceException? Check(CapToken token, ushort app, in RequestPeek peek)
    {
        if (token.Caveats.MaxObjectSize is { } max && app == OapAppId.Storage && peek.Op == "put")
        {
            if (peek.Size is not { } size)
            {
                return new OapServiceException(OapStatus.TooLarge, OapErrorCode.TooLarge,
                    $"the capability limits objects to {max} bytes, so a put must declare its size; nothing was stored") { Reason = "cap_max_object" };
            }

            if (size > (long)Math.Min(max, long.MaxValue))
            {
                return new OapServiceException(OapStatus.TooLarge, OapErrorCode.TooLarge,
                    $"object of {size} bytes exceeds the capability's limit of {max} bytes; nothing was stored") { Reason = "cap_max_object" };
            }
        }

        if (token.Caveats.Rps is { } rps && rps > 0)
        {
            var now = Stopwatch.GetTimestamp();
            var key = Convert.ToHexString(token.Id);
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                if (_buckets.Count >= MaxTrackedCaps)
                {
                    // Bound the table: idle buckets are full again anyway, so forgetting them is safe.
                    _buckets.Clear();
                }

                bucket = _buckets.GetOrAdd(key, _ => new TokenBucket(new QuotaRule(rps, Math.Max(1, rps)), now, Stopwatch.Frequency));
            }

            if (!bucket.TryTake(now, Stopwatch.Frequency, out var retryAfterMs))
            {
                return new OapServiceException(OapStatus.OverQuota, OapErrorCode.OverQuota,
                    $"the capability allows {rps} requests per second; retry after {retryAfterMs} ms", retryable: true, retryAfterMs: retryAfterMs) { Reason = "cap_rps" };
            }
        }

        return null;
    }
}
