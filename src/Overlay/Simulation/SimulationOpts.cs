namespace RustyOnions.Overlay.Simulation;

/// <summary>What <see cref="OverlaySimulation"/> runs; validated by <see cref="Validate"/>.</summary>
public sealed record SimulationOpts
{
    /// <summary>Peers in the overlay.</summary>
    public int Peers { get; init; } = 1000;

    /// <summary>Objects placed for the balance and churn measurements.</summary>
    public int Objects { get; init; } = 100_000;

    /// <summary>Replication factor R.</summary>
    public int Factor { get; init; } = 3;

    /// <summary>Share of peers that join, then leave, in the churn and gossip measurements (percent).</summary>
    public double ChurnPercent { get; init; } = 1.0;

    /// <summary>Seed of every random choice (peer ids, objects, bootstrap targets, gossip samples).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Gossip rounds allowed before a phase is reported as not converged.</summary>
    public int MaxRounds { get; init; } = 40;

    /// <summary>Simulated time of one membership round (the node's probe interval).</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Skips the gossip measurement (placement only).</summary>
    public bool SkipGossip { get; init; }

    /// <summary>Peers that join (and leave) in the churn phases: at least one.</summary>
    public int ChurnPeers => Math.Max(1, (int)Math.Round(Peers * ChurnPercent / 100.0));

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (Peers < 2)
        {
            throw new ArgumentException($"peers must be >= 2, got {Peers}");
        }

        if (Objects < 1)
        {
            throw new ArgumentException($"objects must be >= 1, got {Objects}");
        }

        if (Factor < 1 || Factor > Peers)
        {
            throw new ArgumentException($"factor must be between 1 and peers ({Peers}), got {Factor}");
        }

        if (ChurnPercent <= 0 || ChurnPercent >= 50)
        {
            throw new ArgumentException($"churn percent must be > 0 and < 50, got {ChurnPercent}");
        }

        if (MaxRounds < 1)
        {
            throw new ArgumentException($"max rounds must be >= 1, got {MaxRounds}");
        }
    }
}
