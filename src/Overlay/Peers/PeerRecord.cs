using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Peers;

/// <summary>One known peer; mutated only by <see cref="PeerTable"/> under its lock.</summary>
public sealed class PeerRecord
{
    internal PeerRecord(PeerId peer, NodeAddress address)
    {
        Peer = peer;
        Address = address.WithPeer(peer);
    }

    /// <summary>The peer's identity.</summary>
    public PeerId Peer { get; }

    /// <summary>Where it listens (pinned to <see cref="Peer"/>).</summary>
    public NodeAddress Address { get; internal set; }

    /// <summary>Its onion address when it serves tls and tor (see <see cref="Protocol.PeerAdvert.Onion"/>).</summary>
    public NodeAddress? Onion { get; internal set; }

    /// <summary>Liveness.</summary>
    public PeerState State { get; internal set; } = PeerState.Suspect;

    /// <summary>Round-trip time of the last answered ping.</summary>
    public TimeSpan? Rtt { get; internal set; }

    /// <summary>When it last answered.</summary>
    public DateTimeOffset? LastSeen { get; internal set; }

    /// <summary>Pings missed in a row.</summary>
    public int Misses { get; internal set; }

    /// <summary>Times it served bytes that failed verification; at the limit it is banned.</summary>
    public int Penalties { get; internal set; }

    /// <summary>True once it served wrong bytes too often; never dialled or placed on again.</summary>
    public bool Banned { get; internal set; }

    /// <summary>Malformed or oversized messages this peer sent (each closed its link).</summary>
    public int Violations { get; internal set; }

    /// <summary>When it was learned or last changed liveness (a table-local sequence; higher is newer), so gossip can pass news first.</summary>
    public long Changed { get; internal set; }
}
