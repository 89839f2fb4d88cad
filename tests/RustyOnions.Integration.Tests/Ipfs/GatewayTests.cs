using System.Net;
using System.Net.Http.Headers;
using RustyOnions.Bridges.Ipfs.Car;
using RustyOnions.Bridges.Ipfs.Multiformats;

namespace RustyOnions.Integration.Tests.Ipfs;

/// <summary>The node's trustless gateway against a real IPFS implementation (Helia via the npm RPC peer).</summary>
[Collection(IpfsCollection.Name)]
[Trait("Category", "Slow")]
public sealed class GatewayTests(IpfsFixture fx)
{
    [Fact]
    public async Task Put_object_is_reachable_by_the_same_cid_as_ipfs_add_with_file_bytes_and_headers()
    {
        var data = IpfsFixture.Seeded(1_000_000, seed: 91);
        var (_, cid) = await fx.PutAndWaitForCidAsync(data);
        Assert.Equal(await fx.Peer.AddAsync(data), cid);

        using var response = await fx.Gateway.GetAsync($"ipfs/{cid}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(data, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{cid}\"", response.Headers.ETag!.Tag);
        Assert.Contains("immutable", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal($"/ipfs/{cid}", response.Headers.GetValues("X-Ipfs-Path").Single());
        Assert.Equal(cid, response.Headers.GetValues("X-Ipfs-Roots").Single());

        using var cached = new HttpRequestMessage(HttpMethod.Get, $"ipfs/{cid}");
        cached.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{cid}\""));
        using var notModified = await fx.Gateway.SendAsync(cached);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task Range_and_head_requests_answer_the_right_bytes_and_lengths()
    {
        var data = IpfsFixture.Seeded(700_000, seed: 92);
        var (_, cid) = await fx.PutAndWaitForCidAsync(data);

        using var ranged = new HttpRequestMessage(HttpMethod.Get, $"ipfs/{cid}");
        ranged.Headers.Range = new RangeHeaderValue(262_000, 300_123);
        using var partial = await fx.Gateway.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(data[262_000..300_124], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 262000-300123/{data.Length}", partial.Content.Headers.ContentRange!.ToString());

        using var beyond = new HttpRequestMessage(HttpMethod.Get, $"ipfs/{cid}");
        beyond.Headers.Range = new RangeHeaderValue(data.Length, null);
        using var unsatisfiable = await fx.Gateway.SendAsync(beyond);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);

        using var head = await fx.Gateway.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"ipfs/{cid}"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(data.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Raw_blocks_of_root_and_leaves_verify_against_their_cids()
    {
        var data = IpfsFixture.Seeded(600_000, seed: 93);
        var (_, cidText) = await fx.PutAndWaitForCidAsync(data);
        var root = Cid.Parse(cidText);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"ipfs/{cidText}");
        request.Headers.Accept.ParseAdd("application/vnd.ipld.raw");
        using var rootResponse = await fx.Gateway.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, rootResponse.StatusCode);
        Assert.Equal("application/vnd.ipld.raw", rootResponse.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"\"{cidText}.raw\"", rootResponse.Headers.ETag!.Tag);
        var rootBlock = await rootResponse.Content.ReadAsByteArrayAsync();
        root.Verify(rootBlock);

        // Every leaf is served alone too (a block CID that is not a root), as verified-fetch asks for them.
        var car = await CarReader.ReadAllAsync(new MemoryStream(await fx.Gateway.GetByteArrayAsync($"ipfs/{cidText}?format=car")));
        var leaves = car.Blocks.Keys.Where(c => c.Codec == Multicodec.Raw).ToList();
        Assert.Equal(3, leaves.Count);
        foreach (var leaf in leaves)
        {
            var bytes = await fx.Gateway.GetByteArrayAsync($"ipfs/{leaf}?format=raw");
            leaf.Verify(bytes);
        }
    }

    [Fact]
    public async Task Car_is_byte_identical_to_the_peers_dag_export_and_honours_dag_scope_and_entity_bytes()
    {
        var data = IpfsFixture.Seeded(1_500_000, seed: 94);
        var (_, cid) = await fx.PutAndWaitForCidAsync(data);
        Assert.Equal(cid, await fx.Peer.AddAsync(data));

        using var response = await fx.Gateway.GetAsync($"ipfs/{cid}?format=car");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.ipld.car", response.Content.Headers.ContentType!.MediaType);
        var ours = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(await fx.Peer.PostBytesAsync($"api/v0/dag/export?arg={cid}"), ours);

        var block = await CarReader.ReadAllAsync(new MemoryStream(await fx.Gateway.GetByteArrayAsync($"ipfs/{cid}?format=car&dag-scope=block")));
        Assert.Single(block.Blocks);

        // Bytes 300,000..300,010 live in the second 256 KiB leaf: root + that leaf only.
        var entity = await CarReader.ReadAllAsync(new MemoryStream(await fx.Gateway.GetByteArrayAsync($"ipfs/{cid}?format=car&dag-scope=entity&entity-bytes=300000:300010")));
        Assert.Equal(2, entity.Blocks.Count);
        var all = await CarReader.ReadAllAsync(new MemoryStream(ours));
        Assert.Equal(7, all.Blocks.Count);
    }
}
