using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RustyOnions.Testing;
using Xunit.Abstractions;

namespace RustyOnions.Integration.Tests.Tor;

/// <summary>The IPFS gateway published on the node's onion service (RON_ONION_GATEWAYS=ipfs), fetched over HTTP through tor's SOCKS port.</summary>
[Collection(TorNodeCollection.Name)]
[Trait("Category", "Slow")]
public sealed class OnionGatewayTests(TorNodeFixture fx, ITestOutputHelper output)
{
    [Fact]
    public async Task Ipfs_gateway_answers_on_the_onion_address_through_socks5()
    {
        var data = new byte[400_000];
        new Random(81).NextBytes(data);
        await using (var client = await fx.ConnectOnionAsync(fx.Onion, tenant: 21))
        {
            await client.PutAsync(data);
        }

        using var http = OnionHttp();
        var onionHost = fx.Onion.Host;
        var addr = Proto.Content.ContentId.Compute(data);
        string? cid = null;
        await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    using var map = await http.GetAsync(new Uri($"http://{onionHost}/ipfs-map/b3/{addr}"));
                    if (!map.IsSuccessStatusCode)
                    {
                        return false;
                    }

                    cid = (await map.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cid").GetString();
                    return true;
                }
                catch (HttpRequestException e)
                {
                    output.WriteLine("retrying: " + e.Message);
                    return false;
                }
            },
            TimeSpan.FromSeconds(60),
            "the CID map through the onion gateway");

        using var response = await http.GetAsync(new Uri($"http://{onionHost}/ipfs/{cid}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(data, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{cid}\"", response.Headers.ETag!.Tag);

        using var readyz = await new HttpClient().GetAsync(new Uri(fx.Node.AdminUri, "readyz"));
        var gateways = (await readyz.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tor").GetProperty("gateways");
        Assert.Equal($"http://{onionHost}/", gateways.GetProperty("ipfs").GetString());
        Assert.False(gateways.TryGetProperty("s3", out _));
    }

    [Fact]
    public async Task Unpublished_gateway_port_is_refused_by_tor()
    {
        // S3 is not in RON_ONION_GATEWAYS: its onion port is not mapped, tor answers SOCKS "connection refused".
        await (await fx.ConnectOnionAsync(fx.Onion)).DisposeAsync();
        using var http = OnionHttp();
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://{fx.Onion.Host}:9000/")));
        output.WriteLine(e.ToString());
    }

    private HttpClient OnionHttp() => new(new SocketsHttpHandler
    {
        Proxy = new WebProxy(new Uri($"socks5://{fx.Network.SocksEndPoint}")),
        UseProxy = true,
    })
    { Timeout = TimeSpan.FromSeconds(60) };
}
