using RustyOnions.Proto.Addressing;

namespace RustyOnions.Transport.Tls.Connections;

internal sealed class RonPeerFeature(PeerId? remotePeer) : IRonPeerFeature
{
    public PeerId? RemotePeer { get; } = remotePeer;
}
