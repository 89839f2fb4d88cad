using System.Net;
using System.Text.Json;
using RustyOnions.Node.Config;
using RustyOnions.Node.Hosting;
using RustyOnions.Sdk;
using RustyOnions.Testing;

namespace RustyOnions.Node.Tests.Hosting;

public sealed class NodeHostTests
{
    [Fact]
    public async Task Readyz_is_503_with_a_reason_and_requests_get_503_when_the_store_cannot_open()
    {
        using var dir = new TempDir("ron-host");
        // A file where the store directory must go: opening the store fails.
        await File.WriteAllTextAsync(dir.Combine("store"), "not a directory");
        await using var host = await NodeHost.StartAsync(Opts(dir.Path));
        await Assert.ThrowsAnyAsync<Exception>(() => host.Stores.Opened.WaitAsync(TimeSpan.FromSeconds(30)));
        using var http = new HttpClient();

        var ready = await http.GetAsync(new Uri(host.AdminUri, "readyz"));
        var health = await http.GetAsync(new Uri(host.AdminUri, "healthz"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using var doc = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.False(doc.RootElement.GetProperty("ready").GetBoolean());
        Assert.StartsWith("store_open_failed", doc.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        await using var client = await RonClient.ConnectAsync(new RonClientOpts { Node = host.OapAddress });
        var e = await Assert.ThrowsAsync<Sdk.Errors.RonException>(() => client.StatAsync(Proto.Content.ContentId.Compute("x"u8)));
        Assert.Equal(503, e.Status);
        Assert.Equal("UNAVAILABLE", e.Code);
        Assert.True(e.Retryable);
        Assert.Equal("pong"u8.ToArray(), await client.EchoAsync("pong"u8.ToArray()));
    }

    [Fact]
    public async Task Host_on_port_zero_reports_its_bound_addresses_and_serves()
    {
        using var dir = new TempDir("ron-host");
        await using var host = await NodeHost.StartAsync(Opts(dir.Path));
        await host.Stores.Opened.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, host.OapAddress.Port);
        Assert.Equal(host.PeerId, host.OapAddress.PeerId);
        await using var client = await RonClient.ConnectAsync(new RonClientOpts { Node = host.OapAddress });
        var put = await client.PutAsync("content"u8.ToArray());
        Assert.Equal("content"u8.ToArray(), await client.GetBytesAsync(put.Addr));
        Assert.Equal(host.PeerId.ToString(), client.Hello.PeerId);
    }

    private static NodeOpts Opts(string data) => new()
    {
        DataDir = data,
        OapListen = new IPEndPoint(IPAddress.Loopback, 0),
        AdminListen = new IPEndPoint(IPAddress.Loopback, 0),
        S3Listen = new IPEndPoint(IPAddress.Loopback, 0),
    };
}
