namespace RustyOnions.Node.Admission;

/// <summary>A token bucket's shape: refill <paramref name="Rps"/> tokens per second, hold at most <paramref name="Burst"/>.</summary>
/// <param name="Rps">Sustained requests per second (tokens added per second); must be positive.</param>
/// <param name="Burst">Bucket capacity: requests allowed back to back after idling; at least 1.</param>
public sealed record QuotaRule(double Rps, double Burst)
{
    /// <summary>Time for an empty bucket to fill up: after that long idle a bucket is indistinguishable from a new one.</summary>
    public TimeSpan FullRefill => TimeSpan.FromSeconds(Burst / Rps);
}
