using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using RustyOnions.Proto.Addressing;
using RustyOnions.Transport.Tls.Identity;
using RustyOnions.Transport.Tls.Server;

namespace RustyOnions.Transport.Tls.Tests.Support;

/// <summary>A real Kestrel host on 127.0.0.1 (port 0) with a RustyOnions TLS endpoint and the greeting/echo handler.</summary>
internal sealed class TlsTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TlsTestServer(WebApplication app, NodeIdentity identity, int port, ServerLog log)
    {
        _app = app;
        Identity = identity;
        Port = port;
        Log = log;
    }

    internal NodeIdentity Identity { get; }

    internal int Port { get; }

    internal ServerLog Log { get; }

    internal NodeAddress Pinned => NodeAddress.Parse($"tls://127.0.0.1:{Port}#{Identity.PeerId}");

    internal NodeAddress PinnedTo(PeerId peer) => NodeAddress.Parse($"tls://127.0.0.1:{Port}#{peer}");

    internal NodeAddress Unpinned => NodeAddress.Parse($"tls://127.0.0.1:{Port}");

    internal static async Task<TlsTestServer> StartAsync(NodeIdentity identity, RonTlsServerOpts? opts = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        var log = new ServerLog();
        builder.Services.AddSingleton(log);
        ListenOptions? endpoint = null;
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            endpoint = listen;
            listen.UseRonTls(identity, opts);
            listen.UseConnectionHandler<GreetingEchoHandler>();
        }));
        var app = builder.Build();
        try
        {
            await app.StartAsync();
            var port = ((IPEndPoint)endpoint!.EndPoint).Port;
            Assert.NotEqual(0, port);
            return new TlsTestServer(app, identity, port, log);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }
}
