namespace RustyOnions.Overlay.Simulation;

/// <summary>Replicas per peer after placing every object on its R rendezvous holders.</summary>
/// <param name="Replicas">Replicas placed (objects × R).</param>
/// <param name="Mean">Mean replicas per peer.</param>
/// <param name="Min">Fewest replicas on one peer.</param>
/// <param name="Max">Most replicas on one peer.</param>
/// <param name="StdDev">Standard deviation of replicas per peer.</param>
public sealed record BalanceResult(long Replicas, double Mean, int Min, int Max, double StdDev)
{
    /// <summary>Max / mean: 1 is perfect balance.</summary>
    public double MaxOverMean => Max / Mean;
}
