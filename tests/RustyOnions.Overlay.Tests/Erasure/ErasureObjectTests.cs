using RustyOnions.Overlay.Erasure;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Tests.Erasure;

/// <summary>Writer, reader, repair and scrub over six in-memory peers with small segments (RS(4,2)).</summary>
public sealed class ErasureObjectTests
{
    private static readonly ErasureOpts Opts = new() { Threshold = 1, SegmentBytes = 64 * 1024, DataShards = 4, ParityShards = 2, HedgeDelay = TimeSpan.FromSeconds(5) };

    private static byte[] Data(int size, int seed)
    {
        var d = new byte[size];
        new Random(seed).NextBytes(d);
        return d;
    }

    [Fact]
    public async Task Put_places_each_segments_shards_on_six_distinct_peers_and_get_returns_the_bytes_without_decoding()
    {
        var net = new ErasureNet(6, Opts);
        var data = Data((5 * 64 * 1024) + 1234, 1);
        var m = await net.PutAsync(0, data);

        Assert.Equal(ContentId.Compute(data), m.Object);
        Assert.Equal(6, m.Segments.Count);
        Assert.Equal(1234, m.Segments[^1].Length);
        foreach (var seg in m.Segments)
        {
            Assert.All(net.Peers, p => Assert.Single(seg.Shards, p.Shards.Contains));
        }

        Assert.Equal(data, await net.GetAsync(3, m.Object));
        Assert.Equal(0, net[3].Metrics.Decoded);
        Assert.Equal(data.AsSpan(70_000, 100_000).ToArray(), await net.GetAsync(4, m.Object, 70_000, 100_000));
    }

    [Fact]
    public async Task Get_with_two_peers_down_decodes_and_with_three_down_reports_the_segment_unavailable()
    {
        var net = new ErasureNet(6, Opts, seed: 2);
        var data = Data(10 * 64 * 1024, 2);
        var m = await net.PutAsync(0, data);
        net.SetDown(1, true);
        net.SetDown(2, true);

        Assert.Equal(data, await net.GetAsync(0, m.Object));
        Assert.True(net[0].Metrics.Decoded > 0);

        net.SetDown(3, true);
        await Assert.ThrowsAsync<ErasureUnavailableException>(() => net.GetAsync(0, m.Object));
    }

    [Fact]
    public async Task A_peer_serving_wrong_shard_bytes_is_read_around_and_penalised()
    {
        var net = new ErasureNet(6, Opts, seed: 3);
        var data = Data(4 * 64 * 1024, 3);
        var m = await net.PutAsync(0, data);
        net.Liars.Add(net[1].Id);

        Assert.Equal(data, await net.GetAsync(2, m.Object));
        Assert.True(net[2].Metrics.Corrupt > 0);
        Assert.True(net[2].Ctx.Table.Find(net[1].Id)!.Penalties > 0);
    }

    [Fact]
    public async Task Repair_regenerates_exactly_the_lost_shards_onto_their_rendezvous_peer()
    {
        var net = new ErasureNet(6, Opts, seed: 4);
        var data = Data(8 * 64 * 1024, 4);
        var m = await net.PutAsync(0, data);
        var lost = new List<ContentId>();
        await foreach (var id in net[4].Shards.ListAsync(default))
        {
            lost.Add(id);
        }

        foreach (var id in lost)
        {
            await net[4].Shards.DeleteAsync(id, default);
        }

        var before = net.Peers.Sum(p => p.Metrics.StoredBytes);
        var report = await new ErasureRepairer(net[2].Ctx).RepairAsync(m.Object, null, default);

        Assert.NotNull(report);
        Assert.Equal(8, report.ShardsMissing);
        Assert.Equal(8, report.ShardsRepaired);
        Assert.Equal(8L * 16 * 1024, report.BytesWritten);
        Assert.Equal(report.BytesWritten, net.Peers.Sum(p => p.Metrics.StoredBytes) - before);
        Assert.All(lost, id => Assert.True(net[4].Shards.Contains(id)));
        Assert.Equal(0, (await new ErasureRepairer(net[3].Ctx).RepairAsync(m.Object, null, default))!.ShardsRepaired);
    }

    [Fact]
    public async Task Repair_below_threshold_only_and_reports_segments_with_fewer_than_k_shards_as_lost()
    {
        var net = new ErasureNet(6, Opts, seed: 5);
        var m = await net.PutAsync(0, Data(2 * 64 * 1024, 5));
        foreach (var id in m.Segments[0].Shards.Take(1))
        {
            foreach (var p in net.Peers)
            {
                await p.Shards.DeleteAsync(id, default);
            }
        }

        var lazy = await new ErasureRepairer(net[0].Ctx).RepairAsync(m.Object, threshold: 5, default);
        Assert.Equal(1, lazy!.ShardsMissing);
        Assert.Equal(0, lazy.ShardsRepaired);

        foreach (var id in m.Segments[1].Shards.Take(3))
        {
            foreach (var p in net.Peers)
            {
                await p.Shards.DeleteAsync(id, default);
            }
        }

        var report = await new ErasureRepairer(net[0].Ctx).RepairAsync(m.Object, null, default);
        Assert.Equal(1, report!.SegmentsLost);
        Assert.Equal(1, report.ShardsRepaired);
    }

    [Fact]
    public async Task Scrub_finds_a_corrupt_shard_and_removes_it_so_repair_restores_it()
    {
        var net = new ErasureNet(6, Opts, seed: 6);
        var m = await net.PutAsync(0, Data(3 * 64 * 1024, 6));
        var victim = m.Segments[1].Shards[2];
        var holder = net.Peers.Single(p => p.Shards.Contains(victim));
        holder.Shards.RawBytes(victim)![100] ^= 0x01;

        var scrub = await new ShardScrubber(holder.Ctx).ScrubAsync(default);
        Assert.Equal(1, scrub.Corrupt);
        Assert.Equal(victim.ToString(), Assert.Single(scrub.CorruptIds));
        Assert.Equal(2, scrub.Verified);
        Assert.False(holder.Shards.Contains(victim));

        var report = await new ErasureRepairer(net[5].Ctx).RepairAsync(m.Object, null, default);
        Assert.Equal(1, report!.ShardsRepaired);
        Assert.True(holder.Shards.Contains(victim));
    }

    [Fact]
    public async Task Get_on_a_peer_without_the_manifest_fetches_it_from_the_manifest_holders()
    {
        var net = new ErasureNet(6, Opts, seed: 7);
        var data = Data(100_000, 7);
        var m = await net.PutAsync(0, data);
        var outsider = net.Peers.First(p => !p.Ctx.Manifests.Contains(m.Object));

        Assert.Equal(data, await net.GetAsync(net.Peers.IndexOf(outsider), m.Object));
        Assert.Null(await net[1].Ctx.FindManifestAsync(ContentId.Compute("not erasure coded"u8), default));
    }
}
