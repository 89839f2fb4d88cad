using Microsoft.AspNetCore.Connections;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Transport.Tls.Connections;

/// <summary>Identity helpers for connection handlers.</summary>
public static class RonConnectionContextExtensions
{
    /// <summary>
    /// The remote node's authenticated PeerId (see <see cref="IRonPeerFeature"/>), or null when the remote is
    /// anonymous or the connection did not come through a RustyOnions TLS listener or dialer.
    /// </summary>
    public static PeerId? GetRemotePeer(this BaseConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Features.Get<IRonPeerFeature>()?.RemotePeer;
    }
}
