using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Protocol;

/// <summary>What a peer says about itself or another peer: its PeerId and where it listens.</summary>
/// <param name="Peer">The peer's identity.</param>
/// <param name="Address">Its OAP/1 address (pinned to <paramref name="Peer"/> when encoded).</param>
public sealed record PeerAdvert(PeerId Peer, NodeAddress Address);
