using Microsoft.Extensions.Logging;
using RustyOnions.Node.Config;
using RustyOnions.Node.Hosting;
using RustyOnions.Node.Metrics;
using RustyOnions.Node.Tor;
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
        var dial = new PeerDialOpts(opts.Tor.Socks, opts.Tor.HideIp);
        var runtime = new OverlayRuntime(identity, new PeerAdvert(identity.PeerId, advertised), membership, replication, () => stores.Content, metrics.Registry, logs, dial);
        if (opts.Mdns)
        {
            runtime.Mdns = new Mdns.MdnsDiscovery(runtime.Table, logs.CreateLogger<Mdns.MdnsDiscovery>());
        }

        return runtime;
    }

    /// <summary>
    /// Advertises the onion address once tor has accepted the service: as the only address of a tor-only
    /// node (whose membership waits for it, so peers never learn its loopback listener), else next to the
    /// tls:// address (specs/overlay.md §1.1).
    /// </summary>
    public static void AttachOnion(OverlayRuntime overlay, NodeTorService tor, NodeTorOpts opts)
    {
        var table = overlay.Table;
        overlay.AdvertReady = tor.OnionAssigned.ContinueWith(
            t =>
            {
                if (!t.IsCompletedSuccessfully)
                {
                    return;
                }

                var self = table.Self;
                table.UpdateSelf(opts.TlsEnabled ? self with { Onion = t.Result } : new PeerAdvert(self.Peer, t.Result));
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        if (opts.TlsEnabled)
        {
            // Clearnet peers need not wait for the onion; the advert gains it when known.
            overlay.AdvertReady = Task.CompletedTask;
        }
    }
}
