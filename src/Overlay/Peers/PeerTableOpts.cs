namespace RustyOnions.Overlay.Peers;

/// <summary>Liveness and penalty thresholds of a <see cref="PeerTable"/>.</summary>
public sealed record PeerTableOpts
{
    /// <summary>Missed probes before a peer is suspect (still placed on, probed every round).</summary>
    public int SuspectAfterMisses { get; init; } = 1;

    /// <summary>Missed probes before a peer is dead (no longer placed on).</summary>
    public int DeadAfterMisses { get; init; } = 3;

    /// <summary>Verification failures before a peer is banned for good.</summary>
    public int BanAfterPenalties { get; init; } = 1;

    /// <summary>
    /// Privacy mode: keep only peers reachable through tor, by their tor:// address (or advertised onion);
    /// a clearnet-only peer is skipped, since dialing it would reveal this host's IP address.
    /// </summary>
    public bool TorOnly { get; init; }

    /// <summary>
    /// Malformed or oversized messages before a peer is banned. Higher than the penalty threshold:
    /// a bad message closes the link at once, but may be version skew rather than malice.
    /// </summary>
    public int BanAfterViolations { get; init; } = 3;
}
