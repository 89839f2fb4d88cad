using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RustyOnions.Bridges.Ipfs.Gateway;
using RustyOnions.Index.Mapping;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Content;

namespace RustyOnions.Bridges.Tests.Gateway;

/// <summary>The gateway on a real Kestrel listener at 127.0.0.1:0 over an in-memory store and CID map.</summary>
internal sealed class GatewayServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayServer(WebApplication app, IpfsGateway gateway, MemoryContentStore store, MemoryCidMap map, CidIndexer indexer, Uri uri)
    {
        _app = app;
        Gateway = gateway;
        Store = store;
        Map = map;
        Indexer = indexer;
        Http = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public IpfsGateway Gateway { get; }

    public MemoryContentStore Store { get; }

    public MemoryCidMap Map { get; }

    public CidIndexer Indexer { get; }

    public HttpClient Http { get; }

    public bool Open { get; set; } = true;

    public static async Task<GatewayServer> StartAsync(IpfsGatewayOptions? options = null)
    {
        var store = new MemoryContentStore();
        var map = new MemoryCidMap();
        GatewayServer? self = null;
        var gateway = new IpfsGateway(() => self?.Open == true ? store : null, () => self?.Open == true ? map : null, options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        gateway.MapEndpoints(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var indexer = new CidIndexer(store, map, gateway.Options, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        self = new GatewayServer(app, gateway, store, map, indexer, new Uri(address + "/"));
        return self;
    }

    /// <summary>Stores bytes and records their CID (as the node's PUT hook does, but awaited).</summary>
    public async Task<(ContentId Addr, string Cid)> PutAsync(byte[] data)
    {
        await using var writer = await Store.BeginWriteAsync(null, data.Length, CancellationToken.None);
        await writer.WriteAsync(data, CancellationToken.None);
        var put = await writer.CommitAsync(CancellationToken.None);
        var entry = await Indexer.IndexAsync(put.Addr, CancellationToken.None);
        return (put.Addr, global::RustyOnions.Bridges.Ipfs.Multiformats.Cid.FromBytes(entry!.Cid.Span).ToString());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Indexer.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
