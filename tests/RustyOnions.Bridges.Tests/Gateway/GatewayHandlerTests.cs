using System.Net;
using RustyOnions.Bridges.Ipfs.Car;
using RustyOnions.Bridges.Ipfs.Multiformats;
using RustyOnions.Bridges.Ipfs.UnixFs;

namespace RustyOnions.Bridges.Tests.Gateway;

public sealed class GatewayHandlerTests
{
    private static byte[] Seeded(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    [Fact]
    public async Task Serves_file_raw_and_car_with_the_importers_cid()
    {
        await using var gw = await GatewayServer.StartAsync();
        var data = Seeded(600_000, 1);
        var (_, cid) = await gw.PutAsync(data);
        Assert.Equal(UnixFsImporter.ComputeCid(data).ToString(), cid);

        Assert.Equal(data, await gw.Http.GetByteArrayAsync($"ipfs/{cid}"));
        Cid.Parse(cid).Verify(await gw.Http.GetByteArrayAsync($"ipfs/{cid}?format=raw"));
        var car = await CarReader.ReadAllAsync(new MemoryStream(await gw.Http.GetByteArrayAsync($"ipfs/{cid}?format=car")));
        var copy = new MemoryStream();
        await UnixFsReader.CopyToAsync(car.Roots[0], car.GetBlockAsync, copy);
        Assert.Equal(data, copy.ToArray());
    }

    [Fact]
    public async Task Answers_503_while_the_stores_are_not_open_then_serves()
    {
        await using var gw = await GatewayServer.StartAsync();
        var (_, cid) = await gw.PutAsync(Seeded(10, 2));
        gw.Open = false;
        using (var closed = await gw.Http.GetAsync($"ipfs/{cid}"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, closed.StatusCode);
        }

        gw.Open = true;
        using var open = await gw.Http.GetAsync($"ipfs/{cid}");
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
    }

    [Theory]
    [InlineData("application/vnd.ipld.raw", HttpStatusCode.OK, "application/vnd.ipld.raw")]
    [InlineData("application/vnd.ipld.car; version=1", HttpStatusCode.OK, "application/vnd.ipld.car")]
    [InlineData("application/vnd.ipld.car; version=2", HttpStatusCode.NotAcceptable, "text/plain")]
    [InlineData("application/json;q=0.9, application/vnd.ipld.raw;q=0.5", HttpStatusCode.OK, "application/vnd.ipld.raw")]
    [InlineData("application/vnd.ipld.raw;q=0.2, */*;q=0.8", HttpStatusCode.OK, "application/octet-stream")]
    [InlineData("application/vnd.ipld.dag-cbor", HttpStatusCode.NotAcceptable, "text/plain")]
    public async Task Accept_header_picks_the_best_supported_type(string accept, HttpStatusCode status, string contentType)
    {
        await using var gw = await GatewayServer.StartAsync();
        var (_, cid) = await gw.PutAsync(Seeded(1000, 3));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"ipfs/{cid}");
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await gw.Http.SendAsync(request);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_corrupted_object_is_never_served_as_its_cid()
    {
        await using var gw = await GatewayServer.StartAsync();
        var data = Seeded(300_000, 4);
        var (_, cid) = await gw.PutAsync(data);

        // Record a CID whose DAG is not the object's: the cache build must refuse it rather than serve wrong blocks.
        var lie = UnixFsImporter.ComputeCid(Seeded(300_000, 5));
        await gw.Map.PutAsync(new Index.Mapping.CidMapEntry(lie.BytesMemory, (await gw.Map.TryGetByCidAsync(Cid.Parse(cid).BytesMemory, default))!.Addr, data.Length), null, default);
        using var response = await gw.Http.GetAsync($"ipfs/{lie}?format=raw");
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }
}
