namespace RustyOnions.Sdk.Retry;

/// <summary>Full-jitter exponential backoff with the node's hint as the floor.</summary>
internal sealed class Backoff
{
    private readonly RonRetryOpts _opts;
    private readonly Random _random;
    private readonly Lock _lock = new();

    public Backoff(RonRetryOpts opts)
    {
        _opts = opts;
        _random = opts.Seed is { } seed ? new Random(seed) : Random.Shared;
    }

    /// <summary>The delay before retry number <paramref name="retry"/> (0-based).</summary>
    public TimeSpan Next(int retry, long? retryAfterMs)
    {
        var ceiling = Math.Min(_opts.MaxDelay.TotalMilliseconds, _opts.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30)));
        double jitter;
        lock (_lock)
        {
            jitter = _random.NextDouble() * ceiling;
        }

        return TimeSpan.FromMilliseconds(Math.Max(jitter, retryAfterMs ?? 0));
    }
}
