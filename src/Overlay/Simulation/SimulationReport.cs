namespace RustyOnions.Overlay.Simulation;

/// <summary>Everything one <see cref="OverlaySimulation"/> run measured.</summary>
/// <param name="Opts">What ran.</param>
/// <param name="Balance">Placement balance.</param>
/// <param name="Churn">Data moved on join and on leave.</param>
/// <param name="Gossip">Membership convergence per phase (empty when skipped).</param>
public sealed record SimulationReport(SimulationOpts Opts, BalanceResult Balance, IReadOnlyList<ChurnResult> Churn, IReadOnlyList<GossipResult> Gossip);
