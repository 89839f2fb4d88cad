using RustyOnions.Overlay.Simulation;

namespace RustyOnions.Overlay.Tests.Overlay.Simulation;

/// <summary>A small seeded run of the overlay simulation; the 1,000-peer run is recorded in docs/performance.md.</summary>
public sealed class OverlaySimulationTests
{
    private static readonly SimulationOpts Small = new() { Peers = 100, Objects = 10_000, ChurnPercent = 2.0, Seed = 7, MaxRounds = 25 };

    [Fact]
    public async Task Placement_keeps_max_over_mean_within_1_25_and_moves_close_to_the_ideal_share_on_churn()
    {
        var report = await OverlaySimulation.RunAsync(Small with { SkipGossip = true }, CancellationToken.None);

        Assert.Equal(30_000, report.Balance.Replicas);
        Assert.Equal(300, report.Balance.Mean);
        Assert.InRange(report.Balance.MaxOverMean, 1.0, 1.25);
        Assert.Equal(2, report.Churn.Count);
        foreach (var churn in report.Churn)
        {
            Assert.Equal(2, churn.Peers);
            Assert.True(churn.OnlyAffectedMoved, $"{churn.Change}: a replica moved between two peers that both stayed");
            Assert.InRange(churn.OverIdeal, 0.7, 1.3);
        }
    }

    [Fact]
    public async Task Gossip_converges_when_each_peer_bootstraps_to_one_other_and_after_joins_and_leaves()
    {
        var report = await OverlaySimulation.RunAsync(Small with { Peers = 60, Objects = 1, ChurnPercent = 5.0 }, CancellationToken.None);

        Assert.Equal(["form", "join", "leave"], report.Gossip.Select(g => g.Phase));
        foreach (var phase in report.Gossip)
        {
            Assert.True(phase.Converged, $"{phase.Phase} did not converge in {phase.Rounds} rounds");
            Assert.True(phase.Calls > 0);
        }

        // Death needs DeadAfterMisses (3) missed probes: leaving can never look faster than that.
        Assert.InRange(report.Gossip[2].Rounds, 3, 6);
    }

    [Fact]
    public async Task Gossip_at_300_peers_converges_in_few_rounds_with_a_bounded_probe_budget()
    {
        // The old all-pairs protocol (ping every peer, one exchange per round) needed 16 rounds to form
        // at 200 peers and ~N pings per node per round; bounded probing plus news-first gossip and
        // suspicion hints must form in ≤ 15 rounds and spend O(1) calls per node-round after formation.
        var report = await OverlaySimulation.RunAsync(Small with { Peers = 300, Objects = 1, ChurnPercent = 1.0, MaxRounds = 15 }, CancellationToken.None);

        var live = new[] { 300, 303, 300 };
        for (var i = 0; i < 3; i++)
        {
            var phase = report.Gossip[i];
            Assert.True(phase.Converged, $"{phase.Phase} did not converge in {phase.Rounds} rounds");
            if (i > 0)
            {
                var perNodeRound = phase.Calls / (double)(phase.Rounds * live[i]);
                Assert.True(perNodeRound < 30, $"{phase.Phase}: {perNodeRound:F1} calls per node per round");
            }
        }

        // Departures spread by suspicion hints: well under the N / ProbesPerRound (≈ 38) rounds that
        // discovering them by round-robin probing alone would take.
        Assert.InRange(report.Gossip[2].Rounds, 3, 10);
    }

    [Fact]
    public async Task A_seeded_run_is_reproducible()
    {
        var opts = Small with { Peers = 30, Objects = 2000, ChurnPercent = 10.0, MaxRounds = 20 };
        var a = await OverlaySimulation.RunAsync(opts, CancellationToken.None);
        var b = await OverlaySimulation.RunAsync(opts, CancellationToken.None);

        Assert.Equal(a.Balance, b.Balance);
        Assert.Equal(a.Churn, b.Churn);
        Assert.Equal(a.Gossip.Select(g => (g.Phase, g.Rounds, g.Calls)), b.Gossip.Select(g => (g.Phase, g.Rounds, g.Calls)));
    }

    [Theory]
    [InlineData(1, 1000)]
    [InlineData(0, 1000)]
    [InlineData(10, 0)]
    public void Invalid_settings_are_refused_naming_the_setting(int peers, int objects)
    {
        var e = Assert.Throws<ArgumentException>(() => new SimulationOpts { Peers = peers, Objects = objects }.Validate());
        Assert.Contains(peers < 2 ? "peers" : "objects", e.Message, StringComparison.Ordinal);
    }
}
