using System.Buffers.Binary;
using RustyOnions.Overlay.Placement;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Simulation;

/// <summary>
/// An in-process simulation of a large overlay (specs/overlay.md §5): placement balance and data
/// moved under churn with the real <see cref="Rendezvous"/> placement, and membership convergence
/// with the real membership service, peer table, link pool and responder over a
/// <see cref="MemoryTransport"/>. Everything is seeded, so a run is reproducible.
/// </summary>
public static partial class OverlaySimulation
{
    /// <summary>Runs every measurement of <paramref name="opts"/>.</summary>
    public static async Task<SimulationReport> RunAsync(SimulationOpts opts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(opts);
        opts.Validate();
        var rng = new Random(opts.Seed);
        var peers = NewPeers(rng, opts.Peers);
        var objects = Objects(opts.Seed, opts.Objects);
        var balance = MeasureBalance(peers, objects, opts.Factor, ct);
        var joiners = NewPeers(rng, opts.ChurnPeers);
        var leavers = peers.OrderBy(_ => rng.Next()).Take(opts.ChurnPeers).ToList();
        var churn = new[]
        {
            MeasureChurn("join", peers, [.. peers, .. joiners], objects, opts.Factor, ct),
            MeasureChurn("leave", peers, peers.Except(leavers).ToList(), objects, opts.Factor, ct),
        };
        var gossip = opts.SkipGossip ? [] : await MeasureGossipAsync(opts, peers, joiners, leavers, ct).ConfigureAwait(false);
        return new SimulationReport(opts, balance, churn, gossip);
    }

    /// <summary>Places each object on its <paramref name="factor"/> holders among <paramref name="peers"/> and counts replicas per peer.</summary>
    public static BalanceResult MeasureBalance(IReadOnlyList<PeerId> peers, IReadOnlyList<ContentId> objects, int factor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentNullException.ThrowIfNull(objects);
        var index = new Dictionary<PeerId, int>(peers.Count);
        for (var i = 0; i < peers.Count; i++)
        {
            index[peers[i]] = i;
        }

        var counts = new int[peers.Count];
        Parallel.For(0, objects.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            foreach (var holder in Rendezvous.Top(objects[i], peers, factor))
            {
                Interlocked.Increment(ref counts[index[holder]]);
            }
        });
        var replicas = counts.Sum(c => (long)c);
        var mean = (double)replicas / peers.Count;
        var variance = counts.Sum(c => (c - mean) * (c - mean)) / peers.Count;
        return new BalanceResult(replicas, mean, counts.Min(), counts.Max(), Math.Sqrt(variance));
    }

    /// <summary>Counts the replicas whose holders differ between placing on <paramref name="before"/> and on <paramref name="after"/>.</summary>
    public static ChurnResult MeasureChurn(string change, IReadOnlyList<PeerId> before, IReadOnlyList<PeerId> after, IReadOnlyList<ContentId> objects, int factor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(objects);
        var stayed = before.Intersect(after).ToHashSet();
        long moved = 0;
        long misplaced = 0;
        Parallel.For(0, objects.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var old = Rendezvous.Top(objects[i], before, factor);
            var now = Rendezvous.Top(objects[i], after, factor);
            foreach (var holder in now)
            {
                if (old.Contains(holder))
                {
                    continue;
                }

                Interlocked.Increment(ref moved);

                // Minimal movement: a surviving peer becomes a holder only when a leaver freed a slot.
                if (stayed.Contains(holder) && old.TrueForAll(stayed.Contains))
                {
                    Interlocked.Increment(ref misplaced);
                }
            }
        });
        var changed = Math.Abs(after.Count - before.Count);
        var ideal = after.Count > before.Count ? (double)changed / after.Count : (double)changed / before.Count;
        return new ChurnResult(change, changed, moved, (long)objects.Count * factor, ideal, misplaced == 0);
    }

    /// <summary><paramref name="count"/> seeded random PeerIds.</summary>
    public static List<PeerId> NewPeers(Random rng, int count)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var list = new List<PeerId>(count);
        var bytes = new byte[PeerId.Length];
        for (var i = 0; i < count; i++)
        {
            rng.NextBytes(bytes);
            list.Add(PeerId.FromBytes(bytes));
        }

        return list;
    }

    /// <summary><paramref name="count"/> object addresses derived from <paramref name="seed"/>.</summary>
    public static ContentId[] Objects(int seed, int count)
    {
        var objects = new ContentId[count];
        Parallel.For(0, count, i =>
        {
            Span<byte> input = stackalloc byte[12];
            BinaryPrimitives.WriteInt32BigEndian(input, seed);
            BinaryPrimitives.WriteInt64BigEndian(input[4..], i);
            objects[i] = ContentId.Compute(input);
        });
        return objects;
    }
}
