namespace RustyOnions.Overlay.Simulation;

/// <summary>How long membership took to converge in one phase.</summary>
/// <param name="Phase">"form" (every peer bootstraps to one earlier peer), "join" (1 % join, each bootstrapping to one random member) or "leave" (1 % vanish).</param>
/// <param name="Converged">False when <see cref="SimulationOpts.MaxRounds"/> passed first.</param>
/// <param name="Rounds">Membership rounds until every live peer saw the change (all live peers alive, departed peers dead).</param>
/// <param name="SimulatedSeconds">Rounds × probe interval.</param>
/// <param name="Calls">Overlay calls (ping, exchange) delivered during the phase.</param>
/// <param name="WallSeconds">Real time the phase took in this process.</param>
public sealed record GossipResult(string Phase, bool Converged, int Rounds, double SimulatedSeconds, long Calls, double WallSeconds);
