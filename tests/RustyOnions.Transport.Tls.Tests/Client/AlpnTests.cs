using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using RustyOnions.Proto.Addressing;
using RustyOnions.Transport.Tls.Certificates;
using RustyOnions.Transport.Tls.Client;
using RustyOnions.Transport.Tls.Identity;
using RustyOnions.Transport.Tls.Tests.Support;

namespace RustyOnions.Transport.Tls.Tests.Client;

public sealed class AlpnTests
{
    [Fact]
    public async Task Server_that_does_not_select_oap1_is_refused()
    {
        // A plain Kestrel HTTPS endpoint with a genuine node certificate: identity is fine, ALPN is not.
        using var id = NodeIdentity.CreateEphemeral();
        using var cert = NodeCertificate.Create(id);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddSingleton(new ServerLog());
        ListenOptions? endpoint = null;
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            endpoint = listen;
            listen.UseHttps(cert);
            listen.UseConnectionHandler<GreetingEchoHandler>();
        }));
        await using var app = builder.Build();
        await app.StartAsync();
        try
        {
            var port = ((IPEndPoint)endpoint!.EndPoint).Port;
            var address = NodeAddress.Parse($"tls://127.0.0.1:{port}#{id.PeerId}");
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

            var ex = await Assert.ThrowsAsync<TlsDialException>(async () => await TlsDialer.ConnectAsync(address, TlsDialOpts.Default, cts.Token));
            Assert.True(ex.Error == TlsDialError.AlpnMismatch, ex.Message);
            Assert.Contains("ALPN 'oap/1'", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
