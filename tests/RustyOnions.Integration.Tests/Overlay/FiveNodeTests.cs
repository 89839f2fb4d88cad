using Xunit.Abstractions;
using RustyOnions.Proto.Content;
using RustyOnions.Sdk;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Overlay;

[Trait("Category", "Slow")]
public sealed class FiveNodeTests(ITestOutputHelper output)
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    private void Step(string what) => output.WriteLine($"{_clock.Elapsed.TotalSeconds,7:0.0} s  {what}");

    [Fact]
    public async Task Put_on_node_1_lands_on_its_holders_survives_two_stopped_nodes_and_restarted_nodes_rejoin()
    {
        await using var cluster = await OverlayCluster.StartAsync(5);
        Step("5 nodes converged");
        var n = cluster.Nodes;
        var objects = new List<(ContentId Addr, byte[] Bytes)>();
        await using (var c1 = await RonClient.ConnectAsync(new RonClientOpts { Node = n[0].Address }))
        {
            int[] sizes = [0, 1, 1000, 65_536, 300_000, 1_500_000, 40_000, 7, 250_000, 2_000_000];
            for (var i = 0; i < sizes.Length; i++)
            {
                var bytes = Foundation.StorageRoundTripTests.Seeded(sizes[i], seed: 400 + i);
                objects.Add(((await c1.PutAsync(bytes)).Addr, bytes));
            }
        }

        Step("10 objects put on node 1");

        // Every object reaches its 3 rendezvous holders (W=2 before the reply, the third in the background).
        foreach (var (addr, _) in objects)
        {
            var holders = cluster.HoldersOf(addr, 3);
            await Poll.UntilAsync(() => holders.All(h => OverlayCluster.BlobPath(h, addr) is not null), TimeSpan.FromSeconds(30), $"{addr} on its 3 holders");
        }

        Step("every object on its 3 holders");
        await using (var c5 = await RonClient.ConnectAsync(new RonClientOpts { Node = n[4].Address }))
        {
            foreach (var (addr, bytes) in objects)
            {
                Assert.Equal(bytes, await c5.GetBytesAsync(addr));
            }
        }

        Step("node 5 read everything");

        // Stop two nodes: with R=3 every object still has a live holder.
        await Task.WhenAll(n[1].StopAsync(), n[2].StopAsync());
        Step("nodes 2 and 3 stopped");
        foreach (var reader in new[] { n[0], n[3], n[4] })
        {
            await using var c = await RonClient.ConnectAsync(new RonClientOpts { Node = reader.Address });
            foreach (var (addr, bytes) in objects)
            {
                Assert.Equal(bytes, await c.GetBytesAsync(addr));
            }
        }

        Step("nodes 1, 4, 5 read everything");

        // Survivors notice the stopped nodes (suspect, then dead).
        await Poll.UntilAsync(
            async () => (await OverlayCluster.PeersAsync(n[0])).Count(p => p.State == "dead") == 2,
            TimeSpan.FromSeconds(30),
            "node 1 to mark the two stopped nodes dead");

        Step("nodes 2 and 3 marked dead");

        // Restarted without a bootstrap list: they rejoin from their persisted peer tables.
        await cluster.RestartAsync(1, 2);
        Step("nodes 2 and 3 restarted");
        await cluster.WaitConvergedAsync(cluster.Nodes, TimeSpan.FromSeconds(60));
        Step("rejoined");
        await using (var c2 = await RonClient.ConnectAsync(new RonClientOpts { Node = cluster.Nodes[1].Address }))
        {
            foreach (var (addr, bytes) in objects)
            {
                Assert.Equal(bytes, await c2.GetBytesAsync(addr));
            }
        }
    }

    [Fact]
    public async Task Corrupt_replica_is_never_served_is_counted_and_is_repaired_from_a_good_holder()
    {
        await using var cluster = await OverlayCluster.StartAsync(3);
        var n = cluster.Nodes;
        var bytes = Foundation.StorageRoundTripTests.Seeded(1_200_000, seed: 77);
        ContentId addr;
        await using (var c1 = await RonClient.ConnectAsync(new RonClientOpts { Node = n[0].Address }))
        {
            addr = (await c1.PutAsync(bytes)).Addr;
        }

        await Poll.UntilAsync(() => n.All(x => OverlayCluster.BlobPath(x, addr) is not null), TimeSpan.FromSeconds(30), "the object on all 3 nodes");
        var victim = n[1];
        var blob = OverlayCluster.BlobPath(victim, addr)!;
        await using (var f = new FileStream(blob, FileMode.Open, FileAccess.ReadWrite))
        {
            f.Position = 700_000; // third 256 KiB block: the first blocks stream before the damage is found
            var b = f.ReadByte();
            f.Position = 700_000;
            f.WriteByte((byte)(b ^ 0x5A));
        }

        await using (var c2 = await RonClient.ConnectAsync(new RonClientOpts { Node = victim.Address }))
        {
            Assert.Equal(bytes, await c2.GetBytesAsync(addr));
        }

        var metrics = await OverlayCluster.MetricsAsync(victim);
        Assert.Contains("ron_replicas_corrupt_total 1", metrics, StringComparison.Ordinal);
        Assert.Contains("ron_replicas_repaired_total 1", metrics, StringComparison.Ordinal);
        Assert.Contains("ron_corrupt_objects_total 1", metrics, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(OverlayCluster.BlobPath(victim, addr)!));
    }

    [Fact]
    public async Task Get_of_an_object_no_node_holds_is_404_after_asking_the_holders()
    {
        await using var cluster = await OverlayCluster.StartAsync(3);
        await using var c = await RonClient.ConnectAsync(new RonClientOpts { Node = cluster.Nodes[2].Address });
        var missing = ContentId.Compute("nobody stored this"u8);
        var e = await Assert.ThrowsAsync<RustyOnions.Sdk.Errors.RonException>(() => c.GetBytesAsync(missing));
        Assert.Equal(404, e.Status);
        Assert.Equal("NOT_FOUND", e.Code);
    }
}
