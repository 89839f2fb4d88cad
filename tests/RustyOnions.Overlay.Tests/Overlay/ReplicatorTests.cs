using RustyOnions.Overlay.Membership;
using RustyOnions.Overlay.Peers;
using RustyOnions.Overlay.Placement;
using RustyOnions.Overlay.Replication;
using RustyOnions.Overlay.Tests.Overlay.Memory;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Tests.Overlay;

public sealed class ReplicatorTests
{
    [Fact]
    public async Task Put_reaches_the_write_quorum_and_lands_on_the_R_holders()
    {
        var (net, peers) = Mesh(6, seed: 1);
        var data = Bytes(100_000, 2);
        var addr = await peers[0].PutLocalAsync(data);
        var copies = await peers[0].Replicator.ReplicateAsync(addr, data.Length, default);
        Assert.True(copies >= 2, $"quorum of 2, got {copies}");
        var holders = Rendezvous.Top(addr, peers.Select(p => p.Id), 3);
        await WaitAsync(() => holders.All(h => peers.Single(p => p.Id == h).Store.Contains(addr)));
    }

    [Fact]
    public async Task Fetch_skips_a_peer_serving_wrong_bytes_penalises_it_and_keeps_only_verified_bytes()
    {
        var (net, peers) = Mesh(4, seed: 3);
        var data = Bytes(70_000, 4);
        var addr = ContentId.Compute(data);
        var reader = peers[0];
        var ranked = Rendezvous.Rank(addr, peers.Select(p => p.Id)).Where(p => p != reader.Id).ToList();
        var liar = peers.Single(p => p.Id == ranked[0]);
        var honest = peers.Single(p => p.Id == ranked[1]);
        await liar.PutLocalAsync(data);
        liar.Lie = Bytes(70_000, 99);
        await honest.PutLocalAsync(data);

        Assert.True(await reader.Replicator.FetchAsync(addr, default));

        Assert.Equal(1, reader.Metrics.WrongBytes);
        Assert.True(reader.Table.Find(liar.Id)!.Banned);
        Assert.DoesNotContain(liar.Id, reader.Table.Placeable());
        var r = await reader.Store.OpenReadAsync(addr, 0, null, default);
        await using (r!)
        {
            using var ms = new MemoryStream();
            await r!.CopyToAsync(ms, default);
            Assert.Equal(data, ms.ToArray());
        }
    }

    [Fact]
    public async Task Fetch_falls_back_past_unreachable_holders_and_reports_false_when_nobody_has_it()
    {
        var (net, peers) = Mesh(5, seed: 5);
        var data = Bytes(10_000, 6);
        var addr = ContentId.Compute(data);
        var ranked = Rendezvous.Rank(addr, peers.Select(p => p.Id)).Where(p => p != peers[0].Id).ToList();
        net.SetDown(ranked[0], true);
        net.SetDown(ranked[1], true);
        await peers.Single(p => p.Id == ranked[3]).PutLocalAsync(data);
        Assert.True(await peers[0].Replicator.FetchAsync(addr, default));
        Assert.False(await peers[0].Replicator.FetchAsync(ContentId.Compute("absent"u8), default));
    }

    [Fact]
    public async Task Gossip_from_a_single_bootstrap_peer_converges_to_a_full_view()
    {
        var net = new MemoryNetwork();
        var ids = Ids(12, seed: 9);
        var peers = ids.Select(id => net.Add(id)).ToList();
        var services = peers.Select((p, i) => new MembershipService(p.Table, p.Links, net.DialerFor(p), new MembershipOpts
        {
            Bootstrap = i == 0 ? [] : [peers[0].Table.Self.Address],
        }, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, seed: i + 1)).ToList();
        for (var round = 0; round < 30 && !peers.All(p => p.Table.Snapshot().Count(v => v.State == PeerState.Alive) == ids.Count - 1); round++)
        {
            foreach (var s in services)
            {
                await s.RoundAsync(default);
            }
        }

        Assert.All(peers, p => Assert.Equal(ids.Count - 1, p.Table.Snapshot().Count(v => v.State == PeerState.Alive)));
    }

    [Fact]
    public async Task Missed_probes_make_a_peer_suspect_then_dead_and_the_table_survives_a_save()
    {
        var ids = Ids(2, seed: 11);
        var table = new PeerTable(new Protocol.PeerAdvert(ids[0], new NodeAddress(TransportKind.Tls, "mem", 1, ids[0])));
        var other = new Protocol.PeerAdvert(ids[1], new NodeAddress(TransportKind.Tls, "mem", 2, ids[1]));
        table.MarkAlive(other, TimeSpan.FromMilliseconds(1), DateTimeOffset.UtcNow);
        Assert.Equal(PeerState.Alive, table.Find(ids[1])!.State);
        table.MarkMiss(ids[1]);
        Assert.Equal(PeerState.Suspect, table.Find(ids[1])!.State);
        Assert.Contains(ids[1], table.Placeable());
        table.MarkMiss(ids[1]);
        table.MarkMiss(ids[1]);
        Assert.Equal(PeerState.Dead, table.Find(ids[1])!.State);
        Assert.DoesNotContain(ids[1], table.Placeable());

        var file = Path.Combine(Path.GetTempPath(), $"ron-peers-{Guid.NewGuid():N}.json");
        try
        {
            await table.SaveAsync(file, default);
            Assert.Equal([other], PeerTable.LoadSaved(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static (MemoryNetwork Net, List<MemoryPeer> Peers) Mesh(int n, int seed)
    {
        var net = new MemoryNetwork();
        var peers = Ids(n, seed).Select(id => net.Add(id)).ToList();
        foreach (var p in peers)
        {
            foreach (var q in peers)
            {
                p.Table.MarkAlive(q.Table.Self, null, DateTimeOffset.UtcNow);
            }
        }

        return (net, peers);
    }

    internal static List<PeerId> Ids(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            var b = new byte[32];
            rng.NextBytes(b);
            return PeerId.FromBytes(b);
        }).ToList();
    }

    private static byte[] Bytes(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(10);
        }
    }
}
