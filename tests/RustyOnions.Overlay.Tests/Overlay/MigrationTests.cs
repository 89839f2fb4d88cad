using System.Diagnostics;
using RustyOnions.Overlay.Placement;
using RustyOnions.Overlay.Replication;
using RustyOnions.Overlay.Tests.Overlay.Memory;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Tests.Overlay;

public sealed class MigrationTests
{
    [Fact]
    public async Task A_joining_peer_receives_in_the_background_exactly_the_objects_it_now_holds_and_the_backlog_drains_to_zero()
    {
        var net = new MemoryNetwork();
        var ids = ReplicatorTests.Ids(6, seed: 21);
        var peers = ids.Take(5).Select(id => net.Add(id)).ToList();
        Connect(peers);
        var objects = new List<ContentId>();
        for (var i = 0; i < 40; i++)
        {
            var data = Bytes(2_000 + i, 100 + i);
            var owner = peers[i % peers.Count];
            var addr = await owner.PutLocalAsync(data);
            Assert.True(await owner.Replicator.ReplicateAsync(addr, data.Length, default) >= 2);
            objects.Add(addr);
        }

        var joiner = net.Add(ids[5]);
        peers.Add(joiner);
        Connect(peers);
        var owned = objects.Where(o => Rendezvous.Top(o, ids, 3).Contains(joiner.Id)).ToList();
        Assert.NotEmpty(owned); // seed chosen so the joiner takes over part of the data

        using var stop = new CancellationTokenSource();
        var loops = peers.Select(p => Task.Run(() => p.Replicator.RunMigrationAsync(TimeProvider.System, TimeSpan.FromMilliseconds(20), stop.Token))).ToList();
        try
        {
            await PollAsync(() => owned.All(joiner.Store.Contains), TimeSpan.FromSeconds(60), "the joiner to receive the objects it now holds");
            await PollAsync(() => peers.All(p => p.Metrics.Backlog == 0) && peers.Sum(p => p.Metrics.MigratedCount) >= owned.Count, TimeSpan.FromSeconds(60), "every migration backlog to drain");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(loops);
        }

        // Only what it holds moved to it: nothing else was pushed there.
        Assert.All(objects.Except(owned), o => Assert.False(joiner.Store.Contains(o)));
        Assert.All(objects, o => Assert.All(Rendezvous.Top(o, ids, 3), h => Assert.True(peers.Single(p => p.Id == h).Store.Contains(o))));
    }

    [Fact]
    public async Task Migration_stays_within_its_bandwidth_budget()
    {
        var net = new MemoryNetwork();
        var ids = ReplicatorTests.Ids(4, seed: 5);
        var opts = new ReplicationOpts { MigrationBytesPerSecond = 400_000 };
        var source = net.Add(ids[0], opts);
        var others = ids.Skip(1).Select(id => net.Add(id)).ToList();
        Connect([source, .. others]);
        long bytes = 0;
        for (var i = 0; i < 20; i++)
        {
            var data = Bytes(50_000, i);
            await source.PutLocalAsync(data);
            bytes += data.Length * Rendezvous.Top(ContentId.Compute(data), ids, 3).Count(h => h != source.Id);
        }

        var started = Stopwatch.GetTimestamp();
        var pushed = await source.Replicator.MigrateOnceAsync(TimeProvider.System, default);
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.Equal(bytes / 50_000, pushed);
        Assert.Equal(0, source.Metrics.Backlog);

        // A lower bound only (a slow machine makes it longer, never shorter): the last push needs no wait.
        var floor = TimeSpan.FromSeconds((bytes - 50_000) / (double)opts.MigrationBytesPerSecond);
        Assert.True(elapsed >= floor * 0.95, $"{bytes} bytes migrated in {elapsed.TotalMilliseconds:F0} ms, under the {floor.TotalMilliseconds:F0} ms the budget allows");
    }

    private static async Task PollAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            Assert.True(Stopwatch.GetTimestamp() < deadline, $"timed out after {timeout.TotalSeconds} s waiting for {what}");
            await Task.Delay(20);
        }
    }

    private static void Connect(List<MemoryPeer> peers)
    {
        foreach (var p in peers)
        {
            foreach (var q in peers)
            {
                p.Table.MarkAlive(q.Table.Self, null, DateTimeOffset.UtcNow);
            }
        }
    }

    private static byte[] Bytes(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }
}
