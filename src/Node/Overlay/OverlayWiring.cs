using Microsoft.Extensions.Logging;
using RustyOnions.Node.Config;
using RustyOnions.Node.Hosting;
using RustyOnions.Node.Metrics;
using RustyOnions.Overlay.Membership;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Overlay.Replication;
using RustyOnions.Proto.Addressing;
using RustyOnions.Transport.Tls.Identity;

namespace RustyOnions.Node.Overlay;

/// <summary>Builds the node's <see cref="OverlayRuntime"/> from its settings.</summary>
internal static class OverlayWiring
{
    public static OverlayRuntime Create(NodeOpts opts, NodeIdentity identity, NodeAddress listening, NodeStores stores, NodeMetrics metrics, ILoggerFactory logs)
    {
        var advertised = (opts.AdvertiseHost is { Length: > 0 } host ? listening with { Host = host } : listening).WithPeer(identity.PeerId);
        var membership = new MembershipOpts
        {
            Bootstrap = opts.Bootstrap,
            PeerFile = opts.Amnesia ? null : Path.Combine(opts.DataDir, "peers.json"),
        };
        var replication = new ReplicationOpts { Factor = opts.ReplicationFactor, WriteQuorum = opts.WriteQuorum };
        return new OverlayRuntime(identity, new PeerAdvert(identity.PeerId, advertised), membership, replication, () => stores.Content, metrics.Registry, logs);
    }
}
