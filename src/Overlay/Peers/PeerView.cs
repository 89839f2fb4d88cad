using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Peers;

/// <summary>An immutable snapshot of one <see cref="PeerRecord"/> (for listing and persistence).</summary>
public sealed record PeerView(PeerId Peer, NodeAddress Address, PeerState State, TimeSpan? Rtt, DateTimeOffset? LastSeen, int Misses, int Penalties, bool Banned)
{
    /// <summary>Its onion address when it serves tls and tor, else null.</summary>
    public NodeAddress? Onion { get; init; }

    /// <summary>The advert to pass on in peer exchange (both addresses).</summary>
    public Protocol.PeerAdvert ToAdvert() => new(Peer, Address) { Onion = Onion };

    /// <summary>Malformed or oversized messages this peer sent (each closed its link).</summary>
    public int Violations { get; init; }

    /// <summary>When it was learned or last changed liveness (table-local sequence; higher is newer).</summary>
    public long Changed { get; init; }
}
