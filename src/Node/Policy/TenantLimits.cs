using RustyOnions.Node.Accounting;
using RustyOnions.Node.Oap;
using RustyOnions.Proto.Errors;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Policy;

/// <summary>
/// The policy's byte limits on the storage paths, checked against the usage ledger: the daily
/// byte budget (429 with retry_after_ms to 00:00 UTC), the storage cap (507) and the per-tenant
/// largest object (413). Allocation-free when nothing is exceeded.
/// </summary>
public sealed class TenantLimits(PolicyState policy, UsageLedger usage)
{
    /// <summary>The ledger the limits read.</summary>
    public UsageLedger Usage => usage;

    /// <summary>Throws 429 OVER_QUOTA (reason daily_bytes) when the tenant's budget for today is used up.</summary>
    public void CheckDailyBudget(UInt128 tenant)
    {
        if (policy.For(tenant)?.BytesPerDay is not { } budget)
        {
            return;
        }

        var used = usage.Find(tenant)?.BytesOnDay(usage.Today) ?? 0;
        if (used >= budget)
        {
            var wait = Math.Max(1, usage.MsToDayReset);
            throw new OapServiceException(OapStatus.OverQuota, OapErrorCode.OverQuota, $"tenant {tenant} used its daily budget of {budget} bytes ({used} used); it resets at 00:00 UTC in {wait} ms", retryable: true, wait) { Reason = "daily_bytes" };
        }
    }

    /// <summary>Checks a PUT of <paramref name="bytes"/> so far (the declared size at start, then the running count).</summary>
    public void CheckPut(UInt128 tenant, long bytes)
    {
        if (policy.For(tenant) is not { } p)
        {
            return;
        }

        if (p.MaxObjectBytes is { } max && bytes > max)
        {
            throw OapServiceException.TooLarge($"object exceeds tenant {tenant}'s limit of {max} bytes (policy max_object_bytes); nothing was stored");
        }

        if (p.StorageCapBytes is { } cap)
        {
            var stored = usage.Find(tenant)?.StoredBytes ?? 0;
            if (stored + bytes > cap)
            {
                throw new OapServiceException(OapStatus.InsufficientStorage, OapErrorCode.InsufficientStorage, $"tenant {tenant} storage cap of {cap} bytes would be exceeded: {stored} stored + {bytes} new; nothing was stored");
            }
        }
    }
}
