using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace RustyOnions.Node.Admission;

/// <summary>
/// Token buckets per (tenant, app protocol) for the apps that have a <see cref="QuotaRule"/>.
/// At most <c>maxBuckets</c> buckets are tracked: when a new tenant would exceed that, buckets idle
/// long enough to be full again are dropped first (forgetting them changes nothing), then the least
/// recently used. Taking a token from an existing bucket allocates nothing.
/// </summary>
public sealed class QuotaTable
{
    private volatile QuotaRules _rules;
    private readonly ConcurrentDictionary<QuotaKey, TokenBucket> _buckets = new();
    private readonly TimeProvider _time;
    private readonly int _maxBuckets;
    private readonly Lock _evictLock = new();
    private int _count;

    /// <summary>Creates the table.</summary>
    public QuotaTable(IReadOnlyDictionary<ushort, QuotaRule> rules, int maxBuckets, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBuckets, 1);
        _rules = new QuotaRules(rules.ToFrozenDictionary(), FrozenDictionary<QuotaKey, QuotaRule?>.Empty);
        _maxBuckets = maxBuckets;
        _time = time;
    }

    /// <summary>Buckets tracked right now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Buckets dropped to stay under the bound.</summary>
    public long Evicted { get; private set; }

    /// <summary>True when <paramref name="app"/> has a quota.</summary>
    public bool Limits(ushort app) => _rules.Apps.ContainsKey(app);

    /// <summary>
    /// Replaces every rule at once (policy reload): <paramref name="apps"/> apply to all tenants,
    /// <paramref name="tenants"/> override them per (tenant, app), a null rule meaning unlimited.
    /// Buckets whose rule changed start afresh at their next request.
    /// </summary>
    public void SetRules(IReadOnlyDictionary<ushort, QuotaRule> apps, IReadOnlyDictionary<(UInt128 Tenant, ushort App), QuotaRule?> tenants)
    {
        _rules = new QuotaRules(apps.ToFrozenDictionary(), tenants.ToFrozenDictionary(kv => new QuotaKey(kv.Key.Tenant, kv.Key.App), kv => kv.Value));
    }

    /// <summary>
    /// Takes one token from the (tenant, app) bucket. True when allowed (always for apps without a
    /// rule); false with the milliseconds until a token is back.
    /// </summary>
    public bool TryTake(UInt128 tenant, ushort app, out long retryAfterMs)
    {
        var key = new QuotaKey(tenant, app);
        if (!_rules.TryGet(key, out var rule))
        {
            retryAfterMs = 0;
            return true;
        }

        var now = _time.GetTimestamp();
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            bucket = Add(key, rule, now);
        }
        else if (bucket.Rule != rule)
        {
            // The policy changed this tenant's rule: a fresh bucket of the new shape (allocates once per change).
            var fresh = new TokenBucket(rule, now, _time.TimestampFrequency);
            bucket = _buckets.TryUpdate(key, fresh, bucket) ? fresh : _buckets.GetValueOrDefault(key) ?? Add(key, rule, now);
        }

        return bucket.TryTake(now, _time.TimestampFrequency, out retryAfterMs);
    }

    /// <summary>Calls <paramref name="visit"/> with every bucket's tenant, app and available tokens (for the gauges).</summary>
    public void Snapshot(Action<UInt128, ushort, double> visit)
    {
        var now = _time.GetTimestamp();
        foreach (var (key, bucket) in _buckets)
        {
            visit(key.Tenant, key.App, bucket.Available(now));
        }
    }

    private TokenBucket Add(QuotaKey key, QuotaRule rule, long now)
    {
        if (Count >= _maxBuckets)
        {
            Evict(now);
        }

        var fresh = new TokenBucket(rule, now, _time.TimestampFrequency);
        var bucket = _buckets.GetOrAdd(key, fresh);
        if (ReferenceEquals(bucket, fresh))
        {
            Interlocked.Increment(ref _count);
        }

        return bucket;
    }

    private void Evict(long now)
    {
        lock (_evictLock)
        {
            if (Count < _maxBuckets)
            {
                return;
            }

            var frequency = _time.TimestampFrequency;
            KeyValuePair<QuotaKey, TokenBucket>? oldest = null;
            foreach (var entry in _buckets)
            {
                var idle = now - entry.Value.LastUsed;
                if (idle >= entry.Value.Rule.FullRefill.TotalSeconds * frequency)
                {
                    Remove(entry);
                }
                else if (oldest is null || entry.Value.LastUsed < oldest.Value.Value.LastUsed)
                {
                    oldest = entry;
                }
            }

            if (Count >= _maxBuckets && oldest is { } lru)
            {
                Remove(lru);
            }
        }
    }

    private void Remove(KeyValuePair<QuotaKey, TokenBucket> entry)
    {
        if (_buckets.TryRemove(entry))
        {
            Interlocked.Decrement(ref _count);
            Evicted++;
        }
    }
}
