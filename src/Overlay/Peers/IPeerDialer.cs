using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Peers;

/// <summary>
/// Opens mutually authenticated links to peers; the node implements it over TLS, tests over memory.
/// The overlay never sees a concrete transport.
/// </summary>
public interface IPeerDialer
{
    /// <summary>
    /// Dials <paramref name="address"/>. When it carries a PeerId pin the peer must prove that identity;
    /// without a pin any valid node identity is accepted and reported in <see cref="IPeerLink.Remote"/>.
    /// </summary>
    /// <exception cref="PeerLinkException">The peer is unreachable or failed authentication.</exception>
    Task<IPeerLink> DialAsync(NodeAddress address, CancellationToken ct);
}
