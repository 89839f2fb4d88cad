using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RustyOnions.Node.Admission;
using RustyOnions.Node.Config;
using RustyOnions.Node.Ipfs;
using RustyOnions.Node.Mailbox;
using RustyOnions.Node.Metrics;
using RustyOnions.Node.Oap;
using RustyOnions.Node.Overlay;
using RustyOnions.Node.Overlay.Erasure;
using RustyOnions.Node.Services;
using RustyOnions.Node.Services.Mailbox;
using RustyOnions.Node.Services.Storage;
using RustyOnions.Node.Tor;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Addressing;
using RustyOnions.Transport.Tls.Identity;
using RustyOnions.Transport.Tls.Server;

namespace RustyOnions.Node.Hosting;

/// <summary>
/// One running node: Kestrel with the OAP/1 TLS listener and the admin HTTP listener, the stores,
/// and the services. Start with <see cref="StartAsync"/>; dispose to stop.
/// </summary>
public sealed partial class NodeHost : IAsyncDisposable
{
    /// <summary>Reported in HELLO.</summary>
    public const string Version = "ron/0.1.0";

    private readonly WebApplication _app;
    private readonly NodeStores _stores;
    private readonly NodeIdentity _identity;
    private OverlayHolder? _overlay;
    private NodeIpfs _ipfs = null!;
    private S3.S3Endpoint? _s3;
    private Policy.NodeGovernance? _governance;
    private Auth.AccessGate? _access;

    private NodeHost(WebApplication app, NodeStores stores, NodeIdentity identity, NodeOpts opts, ListenOptions oap, ListenOptions admin)
    {
        _app = app;
        _stores = stores;
        _identity = identity;
        Opts = opts;
        OapAddress = new NodeAddress(TransportKind.Tls, oap.IPEndPoint!.Address.ToString(), oap.IPEndPoint.Port, identity.PeerId);
        AdminUri = new Uri($"http://{Host(admin.IPEndPoint!)}/");
    }

    /// <summary>The trustless IPFS gateway's base address, or null when disabled.</summary>
    public Uri? IpfsGatewayUri { get; private set; }

    /// <summary>The IPFS bridge (CID map, indexer, gateway).</summary>
    public NodeIpfs Ipfs => _ipfs;

    /// <summary>The settings in force.</summary>
    public NodeOpts Opts { get; }

    /// <summary>Where clients reach OAP/1 (with this node's PeerId pin).</summary>
    public NodeAddress OapAddress { get; }

    /// <summary>The admin HTTP base address.</summary>
    public Uri AdminUri { get; }

    /// <summary>This node's identity.</summary>
    /// <summary>The S3 gateway's base URI, or null when s3_listen is off.</summary>
    public Uri? S3Uri => _s3?.EndPoint is { } ep ? new Uri($"http://{Host(ep)}/") : null;

    public PeerId PeerId => _identity.PeerId;

    /// <summary>The stores (open once <see cref="NodeStores.Opened"/> completes).</summary>
    public NodeStores Stores => _stores;

    /// <summary>The onion service keeper when "tor" is among the transports, else null.</summary>
    public NodeTorService? Tor { get; private set; }

    /// <summary>The overlay (peers, placement, replication).</summary>
    public OverlayRuntime? Overlay => _overlay?.Runtime;

    /// <summary>The node's metrics.</summary>
    public NodeMetrics Metrics => _app.Services.GetRequiredService<NodeMetrics>();

    /// <summary>Starts listeners, then opens the stores in the background.</summary>
    public static async Task<NodeHost> StartAsync(NodeOpts opts, Action<ILoggingBuilder>? logging = null, CancellationToken ct = default)
    {
        var identity = Amnesia.AmnesiaMode.PrepareIdentity(opts);
        var metrics = new NodeMetrics();
        var stores = new NodeStores();
        var ipfs = new NodeIpfs(stores);
        var serverOpts = new OapServerOpts(opts.MaxFrame, opts.MaxInflight, Version, identity.PeerId.ToString(), opts.Tor.Transports);
        var onionSource = new OnionAddressSource();
        if (opts.Tor.HideIp)
        {
            // Privacy mode refuses to start rather than run without tor (throws NodeTorException).
            await (await NodeTorService.ConnectControlAsync(opts.Tor, ct).ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        }
        else
        {
            logging(builder.Logging);
        }

        builder.Services.AddSingleton(metrics);

        // Peer links are long-lived OAP connections Kestrel cannot drain; don't let them hold shutdown for 30 s.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
        builder.Services.AddSingleton(stores);
        builder.Services.AddSingleton(serverOpts);
        var admission = AdmissionControl.Create(opts.MaxInflight, opts.Guard, metrics, TimeProvider.System);
        builder.Services.AddSingleton(admission);
        var governance = Policy.NodeGovernance.Create(opts, admission, metrics);
        builder.Services.AddSingleton(governance.Usage);
        builder.Services.AddSingleton(opts.Guard);
        builder.Services.AddSingleton(onionSource);
        var access = new Auth.AccessGate(opts.Auth, opts.Legal, identity.PublicKey, TimeProvider.System);
        builder.Services.AddSingleton(access);
        builder.Services.AddSingleton<IOapService, HelloService>();
        builder.Services.AddSingleton<IOapService, EchoService>();
        var overlay = new OverlayHolder();
        builder.Services.AddSingleton(overlay);
        var erasure = new ErasureHolder();
        builder.Services.AddSingleton(erasure);
        builder.Services.AddSingleton<IOapService>(sp => new StorageService(() => stores.Content, Amnesia.AmnesiaMode.Tiles(opts), metrics, sp.GetRequiredService<ILogger<StorageService>>(), ipfs.OnStored) { Overlay = overlay, Limits = governance.Limits, Erasure = erasure });
        foreach (var appId in RustyOnions.Overlay.Protocol.OverlayAppIds.All)
        {
            builder.Services.AddSingleton<IOapService>(sp => new OverlayService(appId, overlay, stores, sp.GetRequiredService<ILogger<OverlayService>>()));
        }

        foreach (var appId in RustyOnions.Overlay.Erasure.ErasureAppIds.All)
        {
            builder.Services.AddSingleton<IOapService>(sp => new ErasureService(appId, erasure, sp.GetRequiredService<ILogger<ErasureService>>()));
        }

        builder.Services.AddSingleton<IOapService>(_ => new MailboxService(() => stores.Mailbox, opts.MailboxVisibility) { Usage = governance.Usage });
        Index.IndexHosting.AddIndex(builder.Services, opts, stores, identity.PeerId);
        builder.Services.AddSingleton<OapDispatcher>();

        ListenOptions? oapListen = null;
        ListenOptions? adminListen = null;
        ListenOptions? onionListen = null;
        ListenOptions? ipfsListen = null;
        var s3 = S3.S3Endpoint.Create(opts, stores, access.Denylist.IsDenied);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 1 << 20;
            k.Listen(opts.OapListen, lo =>
            {
                oapListen = lo;
                lo.Protocols = HttpProtocols.None;
                lo.UseRonTls(identity);
                lo.UseConnectionHandler<OapConnectionHandler>();
            });
            if (opts.Tor.TorEnabled)
            {
                // The onion forwards to a listener of its own, loopback only (tor connects from 127.0.0.1).
                k.Listen(new IPEndPoint(IPAddress.Loopback, 0), lo =>
                {
                    onionListen = lo;
                    lo.Protocols = HttpProtocols.None;
                    lo.UseRonTls(identity);
                    lo.UseConnectionHandler<OapConnectionHandler>();
                });
            }

            k.Listen(opts.AdminListen, lo =>
            {
                adminListen = lo;
                lo.Protocols = HttpProtocols.Http1;
            });
            if (opts.IpfsGatewayListen is { } gw)
            {
                k.Listen(gw, lo =>
                {
                    ipfsListen = lo;
                    lo.Protocols = HttpProtocols.Http1;
                });
            }

            if (s3 is not null)
            {
                s3.Listen(k, opts.S3Listen!);
            }
        });

        var app = builder.Build();
        NodeTorService? tor = null;
        AdminEndpoints.Map(app, stores, metrics, admission, () => tor?.Status, opts.Tor.TorEnabled && !opts.Tor.TlsEnabled, governance.Policy);
        governance.Start(app, app.Services.GetRequiredService<ILoggerFactory>());
        OverlayEndpoints.Map(app, overlay);
        Legal.LegalEndpoints.Map(app, access, identity.PeerId.ToString(), () => ipfsListen?.IPEndPoint?.Port ?? -1, () => ipfs.Map);
        ErasureEndpoints.Map(app, erasure);
        s3?.Map(app, app.Services.GetRequiredService<ILogger<S3.S3Endpoint>>());
        ipfs.Gateway.MapTo(app, () => ipfsListen?.IPEndPoint?.Port ?? -1);
        await app.StartAsync(ct).ConfigureAwait(false);

        var host = new NodeHost(app, stores, identity, opts, oapListen!, adminListen!)
        {
            _ipfs = ipfs,
            _s3 = s3,
            _governance = governance,
            _access = access,
            IpfsGatewayUri = ipfsListen?.IPEndPoint is { } gwEp ? new Uri($"http://{Host(gwEp)}/") : null,
        };
        host._overlay = overlay;
        if (s3 is not null)
        {
            await s3.OpenAsync(opts.Amnesia ? null : opts.DataDir, app.Services.GetRequiredService<ILogger<NodeHost>>()).ConfigureAwait(false);
        }

        overlay.Runtime = OverlayWiring.Create(opts, identity, host.OapAddress, stores, metrics, app.Services.GetRequiredService<ILoggerFactory>());
        app.Lifetime.ApplicationStopping.Register(() => overlay.Runtime.Stop());
        erasure.Runtime = new ErasureRuntime(opts, overlay.Runtime, metrics.Registry, app.Services.GetRequiredService<ILoggerFactory>());
        app.Lifetime.ApplicationStopping.Register(() => erasure.Runtime.Stop());
        if (opts.Tor.TorEnabled)
        {
            tor = new NodeTorService(opts.Tor, opts.Amnesia ? new MemoryOnionKeyStore() : new FileOnionKeyStore(opts.DataDir), onionListen!.IPEndPoint!.Port, identity.PeerId, app.Services.GetRequiredService<ILogger<NodeTorService>>())
            {
                ExtraPorts = OnionGateways.Ports(opts.Tor, ipfsListen?.IPEndPoint?.Port, s3?.EndPoint?.Port),
            };
            onionSource.Attach(tor);
            host.Tor = tor;
            OverlayWiring.AttachOnion(overlay.Runtime, tor, opts.Tor);
            tor.Start();
        }

        _ = Task.Run(
            () =>
            {
                host.OpenStores(app.Services.GetRequiredService<ILogger<NodeHost>>());
                if (stores.IsOpen)
                {
                    overlay.Runtime.Start();

                    // Shards and manifests live on disk; amnesia nodes store objects whole, in memory.
                    if (!opts.Amnesia)
                    {
                        erasure.Runtime.Start();
                    }
                }
            },
            CancellationToken.None);
        return host;
    }

    /// <summary>Completes when the host stops (Ctrl-C, SIGTERM, or <see cref="DisposeAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default) => _app.WaitForShutdownAsync(ct);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Tor is not null)
        {
            await Tor.DisposeAsync().ConfigureAwait(false);
        }

        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        if (_overlay?.Runtime is { } overlay)
        {
            await overlay.DisposeAsync().ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        if (_governance is not null)
        {
            await _governance.DisposeAsync().ConfigureAwait(false);
        }

        await _ipfs.DisposeAsync().ConfigureAwait(false);
        await _stores.DisposeAsync().ConfigureAwait(false);
        if (_s3 is not null)
        {
            await _s3.DisposeAsync().ConfigureAwait(false);
        }

        _identity.Dispose();
        _access?.Dispose();
    }

    private void OpenStores(ILogger log)
    {
        try
        {
            var (content, mailbox) = Opts.Amnesia ? Amnesia.AmnesiaMode.OpenStores(Opts) : (ContentStore.Open(new ContentStoreOpts(Path.Combine(Opts.DataDir, "store")) { MaxObjectBytes = Opts.MaxObjectBytes }),
                SqliteMailboxStore.Open(Path.Combine(Opts.DataDir, "mailbox.db"), new Mailbox.MailboxOpts { IdempotencyRetention = Opts.MailboxIdempotencyRetention }, TimeProvider.System));
            Metrics.StoreSize(content.ObjectCount, content.TotalBytes);
            _stores.SetIndex(Index.IndexHosting.OpenStore(Opts));
            _stores.SetOpen(content, mailbox);
            _ipfs.OpenAsync(Opts.Amnesia ? null : Opts.DataDir, log, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogOpenFailed(log, e);
            _stores.SetFailed(e);
        }
    }

    private static string Host(IPEndPoint ep) => ep.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ep.Address}]:{ep.Port}" : $"{ep.Address}:{ep.Port}";

    [LoggerMessage(Level = LogLevel.Critical, Message = "opening the stores failed; the node stays unready")]
    private static partial void LogOpenFailed(ILogger log, Exception e);
}
