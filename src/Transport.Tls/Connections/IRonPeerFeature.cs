using RustyOnions.Proto.Addressing;

namespace RustyOnions.Transport.Tls.Connections;

/// <summary>
/// Connection feature carrying the remote node's authenticated identity, set on inbound Kestrel connections
/// by <see cref="Server.RonTlsListenOptionsExtensions.UseRonTls"/> and on outbound ones by
/// <see cref="Client.TlsConnectionFactory"/>.
/// </summary>
public interface IRonPeerFeature
{
    /// <summary>
    /// The PeerId proven by the remote certificate's identity extension; null when the remote presented no
    /// certificate (anonymous client) or a CA-issued certificate without the extension.
    /// </summary>
    PeerId? RemotePeer { get; }
}
