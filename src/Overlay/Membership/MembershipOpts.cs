using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Membership;

/// <summary>How a node finds peers and probes them.</summary>
public sealed record MembershipOpts
{
    /// <summary>Addresses dialled at start and whenever they are not known alive (pin optional).</summary>
    public IReadOnlyList<NodeAddress> Bootstrap { get; init; } = [];

    /// <summary>Time between probe rounds.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Budget of one probe.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Budget of one probe of a tor:// peer: the first dial builds a rendezvous circuit, which takes seconds,
    /// and a probe cut short would drop the half-built link and start over every round.
    /// </summary>
    public TimeSpan TorProbeTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The probe budget for <paramref name="address"/>.</summary>
    public TimeSpan ProbeTimeoutFor(NodeAddress address) =>
        address?.Transport == TransportKind.Tor ? TorProbeTimeout : ProbeTimeout;

    /// <summary>How long a dead peer is remembered before it is forgotten.</summary>
    public TimeSpan ForgetDeadAfter { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Alive or dead peers pinged per round, round-robin over a shuffled list, so each is probed within
    /// ⌈N / ProbesPerRound⌉ rounds; suspect and newly learned peers are pinged every round on top.
    /// Bounds a round's cost at any table size (pinging all N peers each round is N² pings overlay-wide).
    /// </summary>
    public int ProbesPerRound { get; init; } = 8;

    /// <summary>Random live peers exchanged with per round (push–pull gossip).</summary>
    public int ExchangesPerRound { get; init; } = 3;

    /// <summary>Peers sent in one exchange.</summary>
    public int ExchangeSample { get; init; } = 16;

    /// <summary>Where the peer table is persisted (null: not persisted).</summary>
    public string? PeerFile { get; init; }
}
