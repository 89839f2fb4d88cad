using System.Diagnostics;
using RustyOnions.Overlay.Peers;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Simulation;

/// <summary>Membership convergence over the in-memory transport.</summary>
public static partial class OverlaySimulation
{
    private static async Task<IReadOnlyList<GossipResult>> MeasureGossipAsync(SimulationOpts opts, List<PeerId> peers, List<PeerId> joiners, List<PeerId> leavers, CancellationToken ct)
    {
        var rng = new Random(opts.Seed ^ 0x5EED);
        var net = new MemoryTransport();
        var clock = new SimClock();
        var nodes = new List<SimNode>(peers.Count + joiners.Count);
        for (var i = 0; i < peers.Count; i++)
        {
            // Each peer knows one earlier peer only: everything else it learns by gossip.
            NodeAddress[] bootstrap = i == 0 ? [] : [nodes[rng.Next(i)].Address];
            nodes.Add(new SimNode(net, clock, peers[i], i, bootstrap, opts.ProbeInterval, SeedOf(opts.Seed, i)));
        }

        var results = new List<GossipResult> { await ConvergeAsync("form", opts, net, clock, nodes, [], ct).ConfigureAwait(false) };

        var members = nodes.Count;
        for (var j = 0; j < joiners.Count; j++)
        {
            var i = members + j;
            nodes.Add(new SimNode(net, clock, joiners[j], i, [nodes[rng.Next(members)].Address], opts.ProbeInterval, SeedOf(opts.Seed, i)));
        }

        results.Add(await ConvergeAsync("join", opts, net, clock, nodes, [], ct).ConfigureAwait(false));

        var gone = leavers.ToHashSet();
        foreach (var leaver in leavers)
        {
            net.SetDown(leaver, true);
        }

        results.Add(await ConvergeAsync("leave", opts, net, clock, nodes.Where(n => !gone.Contains(n.Id)).ToList(), gone, ct).ConfigureAwait(false));
        return results;
    }

    private static async Task<GossipResult> ConvergeAsync(string phase, SimulationOpts opts, MemoryTransport net, SimClock clock, List<SimNode> live, HashSet<PeerId> gone, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var calls = net.Calls;
        var rounds = 0;
        var converged = false;
        while (rounds < opts.MaxRounds && !converged)
        {
            // Sequential rounds keep a seeded run reproducible; the transport completes calls synchronously.
            foreach (var node in live)
            {
                await node.Membership.RoundAsync(ct).ConfigureAwait(false);
            }

            clock.Advance(opts.ProbeInterval);
            rounds++;
            converged = Converged(live, gone);
        }

        return new GossipResult(phase, converged, rounds, rounds * opts.ProbeInterval.TotalSeconds, net.Calls - calls, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Every live node knows every other live node as alive and no departed node as placeable.</summary>
    private static bool Converged(List<SimNode> live, HashSet<PeerId> gone)
    {
        foreach (var node in live)
        {
            var alive = 0;
            foreach (var p in node.Table.Snapshot())
            {
                if (gone.Contains(p.Peer))
                {
                    if (p.State != PeerState.Dead)
                    {
                        return false;
                    }
                }
                else if (p.State == PeerState.Alive)
                {
                    alive++;
                }
            }

            if (alive != live.Count - 1)
            {
                return false;
            }
        }

        return true;
    }

    private static int SeedOf(int seed, int index) => unchecked((seed * 7919) + index + 1) is var s && s != 0 ? s : 1;
}
