namespace RustyOnions.Overlay.Simulation;

/// <summary>Replicas that change holder when some peers join or leave.</summary>
/// <param name="Change">"join" or "leave".</param>
/// <param name="Peers">Peers that joined or left.</param>
/// <param name="Moved">Replicas whose holder changed (each must be copied once).</param>
/// <param name="Replicas">Replicas placed in total.</param>
/// <param name="Ideal">The least possible moved fraction: joined / (N + joined), or left / N.</param>
/// <param name="OnlyAffectedMoved">True when no replica moved between two peers that both stayed (minimal movement).</param>
public sealed record ChurnResult(string Change, int Peers, long Moved, long Replicas, double Ideal, bool OnlyAffectedMoved)
{
    /// <summary>Moved / replicas.</summary>
    public double MovedFraction => (double)Moved / Replicas;

    /// <summary>Moved fraction / ideal: 1 is optimal.</summary>
    public double OverIdeal => MovedFraction / Ideal;
}
