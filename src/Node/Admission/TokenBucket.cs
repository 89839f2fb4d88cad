namespace RustyOnions.Node.Admission;

/// <summary>
/// One tenant's bucket for one app protocol. Starts full; every request takes one token; tokens
/// come back at <see cref="QuotaRule.Rps"/> per second up to <see cref="QuotaRule.Burst"/>.
/// Times are <see cref="TimeProvider.GetTimestamp"/> ticks so tests drive the clock.
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock _lock = new();
    private readonly QuotaRule _rule;
    private readonly double _ticksPerToken;
    private double _tokens;
    private long _last;

    /// <summary>Creates a full bucket.</summary>
    public TokenBucket(QuotaRule rule, long now, long frequency)
    {
        _rule = rule;
        _ticksPerToken = frequency / rule.Rps;
        _tokens = rule.Burst;
        _last = now;
    }

    /// <summary>The rule in force.</summary>
    public QuotaRule Rule => _rule;

    /// <summary>Timestamp of the last take (for idle eviction).</summary>
    public long LastUsed => Volatile.Read(ref _last);

    /// <summary>
    /// Takes one token. When the bucket is empty returns false and the milliseconds until one token
    /// is back (at least 1), computed from the refill rate.
    /// </summary>
    public bool TryTake(long now, long frequency, out long retryAfterMs)
    {
        lock (_lock)
        {
            Refill(now);
            if (_tokens >= 1)
            {
                _tokens -= 1;
                retryAfterMs = 0;
                return true;
            }

            var missingTicks = (1 - _tokens) * _ticksPerToken;
            retryAfterMs = Math.Max(1, (long)Math.Ceiling(missingTicks * 1000 / frequency));
            return false;
        }
    }

    /// <summary>Tokens available at <paramref name="now"/> (for the gauges).</summary>
    public double Available(long now)
    {
        lock (_lock)
        {
            var elapsed = Math.Max(0, now - _last);
            return Math.Min(_rule.Burst, _tokens + (elapsed / _ticksPerToken));
        }
    }

    private void Refill(long now)
    {
        var elapsed = now - _last;
        if (elapsed > 0)
        {
            _tokens = Math.Min(_rule.Burst, _tokens + (elapsed / _ticksPerToken));
            Volatile.Write(ref _last, now);
        }
    }
}
