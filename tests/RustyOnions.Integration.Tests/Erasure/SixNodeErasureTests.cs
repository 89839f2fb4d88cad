using RustyOnions.Integration.Tests.Overlay;
using RustyOnions.Proto.Content;
using RustyOnions.Sdk;
using RustyOnions.Testing;
using Xunit.Abstractions;

namespace RustyOnions.Integration.Tests.Erasure;

/// <summary>
/// Six real nodes with the default policy (objects ≥ 4 MiB in 4 MiB segments, RS(4,2)): a 100 MiB
/// object survives two stopped nodes, repair rewrites exactly the lost shards, and a corrupted shard
/// on disk is read around, found by scrub and regenerated.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SixNodeErasureTests(ITestOutputHelper output)
{
    private const int Segments = 25;
    private const int ShardBytes = 1 << 20;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    private void Step(string what) => output.WriteLine($"{_clock.Elapsed.TotalSeconds,7:0.0} s  {what}");

    [Fact]
    public async Task Put_100_MiB_with_RS_4_2_survives_two_stopped_nodes_repair_rewrites_only_lost_shards_and_a_corrupt_shard_is_scrubbed_and_repaired()
    {
        await using var cluster = await OverlayCluster.StartAsync(6);
        try
        {
            await RunAsync(cluster);
        }
        catch
        {
            // The nodes' own logs say why a call failed (the client only sees the envelope).
            foreach (var node in cluster.Nodes)
            {
                output.WriteLine($"--- node {node.Address.PeerId.ToString()![..12]} ---");
                output.WriteLine(string.Join('\n', node.Output.Split('\n').Where(l => !l.StartsWith("{\"event\"", StringComparison.Ordinal)).TakeLast(40)));
            }

            throw;
        }
    }

    private async Task RunAsync(OverlayCluster cluster)
    {
        var n = cluster.Nodes;
        Step("6 nodes converged");
        var data = new byte[100 << 20];
        new Random(606).NextBytes(data);
        var addr = ContentId.Compute(data);

        await using (var c = await RonClient.ConnectAsync(new RonClientOpts { Node = n[0].Address }))
        {
            var put = await c.PutAsync(new MemoryStream(data, writable: false));
            Assert.Equal(addr, put.Addr);
            Assert.Equal(data.Length, put.Size);
        }

        Step("100 MiB put on node 1");

        // 25 segments x 6 shards, each shard on a distinct node: every node holds one shard of every segment.
        var (shardIds, healthy) = await ErasureCluster.InspectAsync(n[3], addr);
        Assert.Equal(Segments, shardIds.Count);
        Assert.All(healthy, h => Assert.Equal(6, h));
        var perNode = n.Select(ErasureCluster.ShardsOn).ToList();
        foreach (var seg in shardIds)
        {
            Assert.Equal(6, seg.Distinct().Count());
            Assert.All(perNode, held => Assert.Single(seg, held.Contains));
        }

        Assert.DoesNotContain(n, node => OverlayCluster.BlobPath(node, addr) is not null); // no whole copy anywhere
        Step("every segment's 6 shards on 6 distinct nodes");

        await Task.WhenAll(n[1].StopAsync(), n[2].StopAsync());
        await using (var c = await RonClient.ConnectAsync(new RonClientOpts { Node = n[3].Address }))
        {
            var got = await c.GetBytesAsync(addr);
            Assert.True(data.AsSpan().SequenceEqual(got), "GET with two nodes stopped returned different bytes");
        }

        Assert.True(await ErasureCluster.MetricAsync(n[3], "ron_erasure_segments_decoded_total") > 0, "some segments must have been rebuilt from parity");
        Step("GET on node 4 with nodes 2 and 3 stopped: identical bytes");

        // The stopped nodes come back with empty shard stores (lost disks): 2 shards of every segment are gone.
        Directory.Delete(Path.Combine(n[1].DataDir, "shards"), recursive: true);
        Directory.Delete(Path.Combine(n[2].DataDir, "shards"), recursive: true);
        await cluster.RestartAsync(1, 2);
        await cluster.WaitConvergedAsync(cluster.Nodes, TimeSpan.FromSeconds(60));
        n = cluster.Nodes;
        Step("nodes 2 and 3 restarted with empty shard stores");

        var storedBefore = await ErasureCluster.SumMetricAsync(n, "ron_erasure_shard_bytes_stored_total");
        var report = await ErasureCluster.RonJsonAsync(n[0], "repair", addr.ToString());
        Assert.Equal(2 * Segments, report.GetProperty("shards_missing").GetInt32());
        Assert.Equal(2 * Segments, report.GetProperty("shards_repaired").GetInt32());
        Assert.Equal(2L * Segments * ShardBytes, report.GetProperty("bytes_written").GetInt64());
        Assert.Equal(0, report.GetProperty("segments_lost").GetInt32());
        var storedAfter = await ErasureCluster.SumMetricAsync(n, "ron_erasure_shard_bytes_stored_total");
        Assert.Equal(2.0 * Segments * ShardBytes, storedAfter - storedBefore); // nothing but the lost shards was written
        (_, healthy) = await ErasureCluster.InspectAsync(n[5], addr);
        Assert.All(healthy, h => Assert.Equal(6, h));
        Assert.Equal(Segments, ErasureCluster.ShardsOn(n[1]).Count);
        Assert.Equal(Segments, ErasureCluster.ShardsOn(n[2]).Count);
        Assert.Equal(0, (await ErasureCluster.RonJsonAsync(n[0], "repair", addr.ToString())).GetProperty("shards_repaired").GetInt32());
        Step("repair restored 50 shards (50 MiB written, nothing else); a second repair does nothing");

        // Flip a byte in data shard 0 of segment 7 where it lies on disk.
        var victimHex = shardIds[7][0];
        var victim = n.Single(x => ErasureCluster.ShardsOn(x).Contains(victimHex));
        var path = ErasureCluster.ShardPath(victim, victimHex);
        var original = await File.ReadAllBytesAsync(path);
        await using (var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            f.Position = 300_000;
            var b = f.ReadByte();
            f.Position = 300_000;
            f.WriteByte((byte)(b ^ 0x5A));
        }

        await using (var c = await RonClient.ConnectAsync(new RonClientOpts { Node = n[4].Address }))
        {
            var got = await c.GetBytesAsync(addr);
            Assert.True(data.AsSpan().SequenceEqual(got), "GET with a corrupt shard returned different bytes");
        }

        Step("GET with a corrupt shard on disk: identical bytes");
        var scrub = await ErasureCluster.RonJsonAsync(victim, "scrub");
        Assert.Equal(1, scrub.GetProperty("corrupt").GetInt32());
        Assert.Equal(ContentId.Parse("b3:" + victimHex).ToString(), scrub.GetProperty("corrupt_ids")[0].GetString());
        Assert.Equal(Segments - 1, scrub.GetProperty("verified").GetInt32());
        Assert.False(File.Exists(path), "scrub must remove the corrupt shard");
        Assert.True(await ErasureCluster.MetricAsync(victim, "ron_erasure_shards_corrupt_total") >= 1);
        Step("scrub found the corrupt shard");

        report = await ErasureCluster.RonJsonAsync(n[5], "repair", addr.ToString());
        Assert.Equal(1, report.GetProperty("shards_repaired").GetInt32());
        Assert.Equal(ShardBytes, report.GetProperty("bytes_written").GetInt64());
        Assert.Equal(original, await File.ReadAllBytesAsync(path));
        Assert.Equal(0, (await ErasureCluster.RonJsonAsync(victim, "scrub")).GetProperty("corrupt").GetInt32());
        Step("repair regenerated exactly the corrupt shard, in place");
    }
}
