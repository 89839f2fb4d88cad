using Microsoft.Extensions.Logging;
using RustyOnions.Overlay.Membership;
using RustyOnions.Overlay.Peers;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Overlay.Replication;
using RustyOnions.Overlay.Store;
using RustyOnions.Transport.Tls.Certificates;
using RustyOnions.Transport.Tls.Identity;

namespace RustyOnions.Node.Overlay;

/// <summary>
/// The node's overlay: peer table, links, membership loop, replicator and migration loop. Created
/// once the OAP listener's address is known; stopped with the host.
/// </summary>
public sealed class OverlayRuntime : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly OverlayMetrics _metrics;

    internal OverlayRuntime(NodeIdentity identity, PeerAdvert self, MembershipOpts membership, ReplicationOpts replication, Func<IContentStore> store, Prometheus.CollectorRegistry registry, ILoggerFactory logs, PeerDialOpts? dial = null)
    {
        dial ??= PeerDialOpts.Default;
        _metrics = new OverlayMetrics(registry);
        Table = new PeerTable(self, new PeerTableOpts { TorOnly = dial.TorOnly });
        Links = new PeerLinkPool(new TlsPeerDialer(NodeCertificate.Create(identity), TimeSpan.FromSeconds(60), dial));
        Membership = new MembershipService(Table, Links, new TlsPeerDialer(NodeCertificate.Create(identity), TimeSpan.FromSeconds(10), dial), membership, TimeProvider.System, logs.CreateLogger<MembershipService>());
        Replicator = new Replicator(Table, Links, store, replication, _metrics, logs.CreateLogger<Replicator>(), _stop.Token);
    }

    /// <summary>
    /// A peer sent a malformed or oversized message on an inbound link (which the caller closes):
    /// counts it and records a violation against the peer.
    /// </summary>
    public void OnViolation(Proto.Addressing.PeerId peer)
    {
        _metrics.LinkClosed("malformed");
        Table.RecordViolation(peer);
    }

    /// <summary>Known peers.</summary>
    public PeerTable Table { get; }

    /// <summary>Links to peers.</summary>
    public PeerLinkPool Links { get; }

    /// <summary>Membership loop.</summary>
    public MembershipService Membership { get; }

    /// <summary>Placement and replication.</summary>
    public Replicator Replicator { get; }

    /// <summary>
    /// Completes when this node's advert is final; membership (which sends it in every ping) waits for it.
    /// A tor-only node's advert is its onion address, known only once tor has accepted the service.
    /// </summary>
    internal Task AdvertReady { get; set; } = Task.CompletedTask;

    /// <summary>mDNS LAN discovery (RON_MDNS=on), started with the loops once the advert is final.</summary>
    internal Mdns.MdnsDiscovery? Mdns { get; set; }

    /// <summary>Starts the membership and migration loops.</summary>
    public void Start()
    {
        _loops.Add(Task.Run(async () =>
        {
            try
            {
                await AdvertReady.WaitAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Mdns?.Start();
            await Membership.RunAsync(_stop.Token).ConfigureAwait(false);
        }));
        _loops.Add(Task.Run(() => Replicator.RunMigrationAsync(TimeProvider.System, TimeSpan.FromSeconds(1), _stop.Token)));
        _loops.Add(Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var snapshot = Table.Snapshot();
                foreach (var state in Enum.GetValues<PeerState>())
                {
                    _metrics.Peers(state.ToString().ToLowerInvariant(), snapshot.Count(p => p.State == state));
                }

                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }));
    }

    /// <summary>Stops the loops (the host is shutting down); links close on dispose.</summary>
    public void Stop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Stop();
        try
        {
            await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
        }

        Mdns?.Dispose();
        await Links.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
