using System.Net;
using RustyOnions.Sdk.Connection;

namespace RustyOnions.Node.Overlay;

/// <summary>How the overlay reaches peers: tor's SOCKS port for tor:// peers, and whether clearnet dials are allowed.</summary>
/// <param name="TorSocks">tor's SOCKS port (tor_socks / RON_TOR_SOCKS).</param>
/// <param name="TorOnly">Privacy mode (hide_ip): tls:// peers are refused, their dial would reveal this host's IP.</param>
internal sealed record PeerDialOpts(EndPoint TorSocks, bool TorOnly)
{
    /// <summary>Clearnet allowed, tor's default SOCKS port.</summary>
    public static PeerDialOpts Default { get; } = new(RonDialOpts.DefaultTorSocks, false);

    /// <summary>Time for the SOCKS connect through tor (an onion rendezvous takes seconds).</summary>
    public TimeSpan TorConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
