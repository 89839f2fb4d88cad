namespace RustyOnions.Sdk.Retry;

/// <summary>
/// How idempotent calls retry: at most <see cref="MaxRetries"/> retries within <see cref="Budget"/>,
/// exponential backoff with full jitter (a uniform delay in [0, min(MaxDelay, BaseDelay·2^n)]) and
/// the node's <c>retry_after_ms</c> as the floor of each delay.
/// </summary>
public sealed record RonRetryOpts
{
    /// <summary>No retries.</summary>
    public static readonly RonRetryOpts None = new() { MaxRetries = 0 };

    /// <summary>Retries after the first attempt (RON_RETRY_MAX).</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Backoff base.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Backoff cap (the node's hint may exceed it).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Total time a call may spend including retries; a retry that would end past it is not made.</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Seed of the jitter (null: shared random).</summary>
    public int? Seed { get; init; }

    /// <summary>Called before each retry's delay (logging, tests).</summary>
    public Action<RonRetryEvent>? OnRetry { get; init; }
}
