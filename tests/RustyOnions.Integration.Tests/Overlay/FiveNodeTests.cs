using RustyOnions.Proto.Content;
using RustyOnions.Sdk;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Overlay;

[Trait("Category", "Slow")]
public sealed class FiveNodeTests
{
    [Fact]
    public async Task Put_on_node_1_lands_on_its_holders_survives_two_stopped_nodes_and_restarted_nodes_rejoin()
    {
        await using var cluster = await OverlayCluster.StartAsync(5);
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

        // Every object reaches its 3 rendezvous holders (W=2 before the reply, the third in the background).
        foreach (var (addr, _) in objects)
        {
            var holders = cluster.HoldersOf(addr, 3);
            await Poll.UntilAsync(() => holders.All(h => OverlayCluster.BlobPath(h, addr) is not null), TimeSpan.FromSeconds(30), $"{addr} on its 3 holders");
        }

        await using (var c5 = await RonClient.ConnectAsync(new RonClientOpts { Node = n[4].Address }))
        {
            foreach (var (addr, bytes) in objects)
            {
                Assert.Equal(bytes, await c5.GetBytesAsync(addr));
            }
        }

        // Stop two nodes: with R=3 every object still has a live holder.
        await n[1].StopAsync();
        await n[2].StopAsync();
        foreach (var reader in new[] { n[0], n[3], n[4] })
        {
            await using var c = await RonClient.ConnectAsync(new RonClientOpts { Node = reader.Address });
            foreach (var (addr, bytes) in objects)
            {
                Assert.Equal(bytes, await c.GetBytesAsync(addr));
            }
        }

        // Survivors notice the stopped nodes (suspect, then dead).
        await Poll.UntilAsync(
            async () => (await OverlayCluster.PeersAsync(n[0])).Count(p => p.State == "dead") == 2,
            TimeSpan.FromSeconds(30),
            "node 1 to mark the two stopped nodes dead");

        // Restarted without a bootstrap list: they rejoin from their persisted peer tables.
        await cluster.RestartAsync(1);
        await cluster.RestartAsync(2);
        await cluster.WaitConvergedAsync(cluster.Nodes, TimeSpan.FromSeconds(60));
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
