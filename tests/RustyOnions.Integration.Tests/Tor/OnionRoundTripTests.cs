using System.Net.Http.Json;
using System.Text.Json;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Content;
using RustyOnions.Proto.Oap;
using RustyOnions.Testing.Node;
using Xunit.Abstractions;

namespace RustyOnions.Integration.Tests.Tor;

/// <summary>The SDK and CLI reach a node only by its onion address, through the private Tor network.</summary>
[Collection(TorNodeCollection.Name)]
[Trait("Category", "Slow")]
public sealed class OnionRoundTripTests(TorNodeFixture fx, ITestOutputHelper output)
{
    [Fact]
    public async Task Put_then_get_through_the_onion_address_returns_the_same_bytes()
    {
        Assert.Equal(TransportKind.Tor, fx.Onion.Transport);
        Assert.Equal(fx.Node.Address.PeerId, fx.Onion.PeerId);
        var data = new byte[300_000];
        new Random(7).NextBytes(data);
        await using var client = await fx.ConnectOnionAsync(fx.Onion, tenant: 11);
        Assert.Equal(["tor"], client.Hello.Transports);
        var put = await client.PutAsync(data);
        Assert.Equal(ContentId.Compute(data), put.Addr);
        Assert.Equal(data, await client.GetBytesAsync(put.Addr));
    }

    [Fact]
    public async Task Mailbox_send_recv_ack_through_the_onion_address()
    {
        await using var client = await fx.ConnectOnionAsync(fx.Onion, tenant: 12);
        var topic = "tor-" + Guid.NewGuid().ToString("N");
        var sent = await client.SendAsync(topic, "over tor");
        var m = Assert.Single(await client.RecvAsync(topic, visibility: TimeSpan.FromSeconds(30)));
        Assert.Equal(sent.MsgId, m.MsgId);
        Assert.Equal("over tor", m.Text);
        await client.AckAsync(m.MsgId);
        Assert.Empty(await client.RecvAsync(topic, visibility: TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public async Task Readyz_reports_bootstrap_and_publication_and_hello_carries_the_onion()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(fx.Node.AdminUri, "readyz"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        output.WriteLine(body.ToString());
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        var tor = body.GetProperty("tor");
        Assert.Equal("published", tor.GetProperty("state").GetString());
        Assert.Equal(100, tor.GetProperty("bootstrap").GetInt32());
        Assert.Equal(fx.Onion.ToString(), tor.GetProperty("onion").GetString());

        await using var raw = await RawOapConnection.ConnectAsync(fx.Node.Address);
        await raw.SendAsync(OapFlags.Req | OapFlags.Start | OapFlags.End, OapAppId.Hello, 1, []);
        var hello = System.Text.Encoding.UTF8.GetString((await raw.ReadMessageAsync(1)).Body);
        Assert.Contains($"\"onion\":\"{fx.Onion}\"", hello, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ron_status_over_tor_prints_the_onion_address_and_readiness()
    {
        // Warm the descriptor for this client first (the CLI does not retry).
        await (await fx.ConnectOnionAsync(fx.Onion)).DisposeAsync();
        var r = await RonCli.RunAsync(["status", "--json", "--admin", fx.Node.AdminUri.ToString()], new Dictionary<string, string>
        {
            ["RON_NODE_URL"] = fx.Onion.ToString(),
            ["RON_TOR_SOCKS"] = fx.Network.SocksEndPoint.ToString(),
        });
        output.WriteLine(r.Stdout + r.Stderr);
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(fx.Onion.ToString(), doc.RootElement.GetProperty("onion").GetString());
        Assert.True(doc.RootElement.GetProperty("ready").GetBoolean());
        Assert.Equal(fx.Onion.PeerId!.ToString(), doc.RootElement.GetProperty("peer_id").GetString());
    }

    [Fact]
    public async Task Ron_hello_over_tor_prints_the_onion_field_of_hello()
    {
        await (await fx.ConnectOnionAsync(fx.Onion)).DisposeAsync();
        var env = new Dictionary<string, string>
        {
            ["RON_NODE_URL"] = fx.Onion.ToString(),
            ["RON_TOR_SOCKS"] = fx.Network.SocksEndPoint.ToString(),
        };
        var json = await RonCli.RunAsync(["hello", "--json"], env);
        output.WriteLine(json.Stdout + json.Stderr);
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal(fx.Onion.ToString(), doc.RootElement.GetProperty("onion").GetString());

        var text = await RonCli.RunAsync(["hello"], env);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains($"onion {fx.Onion}", text.Stdout, StringComparison.Ordinal);

        // The admin API unreachable (a closed port): `ron status` still shows the onion, from HELLO.
        var status = await RonCli.RunAsync(["status", "--admin", $"http://127.0.0.1:{Testing.PortAllocator.Next()}/"], env);
        output.WriteLine(status.Stdout + status.Stderr);
        Assert.Equal(4, status.ExitCode);
        Assert.Contains($"onion: {fx.Onion}", status.Stdout, StringComparison.Ordinal);
    }
}
