using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Protocol;

/// <summary>What a peer says about itself or another peer: its PeerId and where it listens.</summary>
/// <param name="Peer">The peer's identity.</param>
/// <param name="Address">Its OAP/1 address (pinned to <paramref name="Peer"/> when encoded).</param>
public sealed record PeerAdvert(PeerId Peer, NodeAddress Address)
{
    /// <summary>
    /// Its onion address as well, when it serves both transports (tls,tor) and <see cref="Address"/> is its
    /// tls:// address; privacy-mode peers dial this one instead (specs/overlay.md §1.1). Null otherwise.
    /// </summary>
    public NodeAddress? Onion { get; init; }

    /// <summary>The address a tor-only dialer can use: <see cref="Address"/> if it is tor://, else <see cref="Onion"/>, else null.</summary>
    public NodeAddress? TorAddress => Address.Transport == TransportKind.Tor ? Address : Onion;
}
