using System.Net;
using RustyOnions.Bridges.Ipfs.Multiformats;

namespace RustyOnions.Integration.Tests.Ipfs;

/// <summary>Each bad request gets a clear error status and message.</summary>
[Collection(IpfsCollection.Name)]
[Trait("Category", "Slow")]
public sealed class BadInputTests(IpfsFixture fx)
{
    [Theory]
    [InlineData("not-a-cid", "CID")]
    [InlineData("xafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy", "multibase")] // unknown multibase prefix 'x'
    [InlineData("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52z1", "")] // '1' is not base32
    [InlineData("QmNotReallyAValidBase58CidButLongEnoughToLookOK", "")]
    public async Task Malformed_cids_and_multibase_strings_get_400(string cid, string hint)
    {
        using var response = await fx.Gateway.GetAsync($"ipfs/{cid}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = await response.Content.ReadAsStringAsync();
        Assert.Contains("invalid CID", message, StringComparison.Ordinal);
        Assert.Contains(hint, message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Unknown_cid_gets_404()
    {
        var unknown = Cid.CreateV1(Multicodec.Raw, Multihash.Compute(MultihashCode.Sha2_256, "nobody stored this"u8));
        using var response = await fx.Gateway.GetAsync($"ipfs/{unknown}?format=raw");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("not held", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsupported_accept_gets_406_and_unknown_format_400()
    {
        var (_, cid) = await fx.PutAndWaitForCidAsync(IpfsFixture.Seeded(1000, seed: 95));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"ipfs/{cid}");
        request.Headers.Accept.ParseAdd("application/vnd.ipld.dag-json");
        using var response = await fx.Gateway.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);

        using var format = await fx.Gateway.GetAsync($"ipfs/{cid}?format=tar");
        Assert.Equal(HttpStatusCode.BadRequest, format.StatusCode);
        using var scope = await fx.Gateway.GetAsync($"ipfs/{cid}?format=car&dag-scope=everything");
        Assert.Equal(HttpStatusCode.BadRequest, scope.StatusCode);
        using var bytes = await fx.Gateway.GetAsync($"ipfs/{cid}?format=car&dag-scope=entity&entity-bytes=9:2");
        Assert.Equal(HttpStatusCode.BadRequest, bytes.StatusCode);
        using var path = await fx.Gateway.GetAsync($"ipfs/{cid}/some/file");
        Assert.Equal(HttpStatusCode.NotFound, path.StatusCode);
        using var map = await fx.Gateway.GetAsync("ipfs-map/b3/zz");
        Assert.Equal(HttpStatusCode.BadRequest, map.StatusCode);
    }

    [Fact]
    public async Task Gateway_paths_are_served_only_on_the_gateway_port()
    {
        using var admin = new HttpClient { BaseAddress = fx.Node.AdminUri };
        var (_, cid) = await fx.PutAndWaitForCidAsync(IpfsFixture.Seeded(10, seed: 96));
        using var onAdmin = await admin.GetAsync($"ipfs/{cid}");
        Assert.Equal(HttpStatusCode.NotFound, onAdmin.StatusCode);
        using var metricsOnGateway = await fx.Gateway.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.NotFound, metricsOnGateway.StatusCode);
    }
}
