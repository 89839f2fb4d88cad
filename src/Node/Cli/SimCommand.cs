using System.CommandLine;
using System.Diagnostics;
using RustyOnions.Overlay.Simulation;

namespace RustyOnions.Node.Cli;

/// <summary>
/// `ron sim overlay`: the in-process overlay simulation (placement balance, data moved under churn,
/// gossip convergence) over an in-memory transport; prints one JSON summary line.
/// </summary>
internal static class SimCommand
{
    public static Command Build()
    {
        var peers = new Option<int>("--peers") { Description = "peers in the overlay", DefaultValueFactory = _ => 1000 };
        var objects = new Option<int>("--objects") { Description = "objects placed", DefaultValueFactory = _ => 100_000 };
        var factor = new Option<int>("--factor") { Description = "replication factor R", DefaultValueFactory = _ => 3 };
        var churn = new Option<double>("--churn") { Description = "percent of peers that join, then leave", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<int>("--seed") { Description = "seed of every random choice", DefaultValueFactory = _ => 1 };
        var rounds = new Option<int>("--max-rounds") { Description = "gossip rounds allowed per phase", DefaultValueFactory = _ => 40 };
        var noGossip = new Option<bool>("--no-gossip") { Description = "measure placement only" };
        var overlay = new Command("overlay", "simulate a large overlay in process; prints one JSON summary line") { peers, objects, factor, churn, seed, rounds, noGossip };
        overlay.SetAction(async (parse, ct) =>
        {
            try
            {
                var opts = new SimulationOpts
                {
                    Peers = parse.GetValue(peers),
                    Objects = parse.GetValue(objects),
                    Factor = parse.GetValue(factor),
                    ChurnPercent = parse.GetValue(churn),
                    Seed = parse.GetValue(seed),
                    MaxRounds = parse.GetValue(rounds),
                    SkipGossip = parse.GetValue(noGossip),
                };
                var started = Stopwatch.GetTimestamp();
                var report = await OverlaySimulation.RunAsync(opts, ct).ConfigureAwait(false);
                CliOutput.Json(Summary(report, Stopwatch.GetElapsedTime(started)));
                return report.Gossip.All(g => g.Converged) ? 0 : 2;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return CliOutput.Error(e, true);
            }
        });
        return new Command("sim", "in-process simulations") { overlay };
    }

    private static Dictionary<string, object> Summary(SimulationReport r, TimeSpan wall) => new()
    {
        ["peers"] = r.Opts.Peers,
        ["objects"] = r.Opts.Objects,
        ["factor"] = r.Opts.Factor,
        ["seed"] = r.Opts.Seed,
        ["balance"] = new Dictionary<string, object>
        {
            ["mean"] = Math.Round(r.Balance.Mean, 2),
            ["min"] = r.Balance.Min,
            ["max"] = r.Balance.Max,
            ["stddev"] = Math.Round(r.Balance.StdDev, 2),
            ["max_over_mean"] = Math.Round(r.Balance.MaxOverMean, 4),
        },
        ["churn"] = r.Churn.Select(c => new Dictionary<string, object>
        {
            ["change"] = c.Change,
            ["peers"] = c.Peers,
            ["moved"] = c.Moved,
            ["moved_fraction"] = Math.Round(c.MovedFraction, 5),
            ["ideal"] = Math.Round(c.Ideal, 5),
            ["over_ideal"] = Math.Round(c.OverIdeal, 3),
            ["minimal"] = c.OnlyAffectedMoved,
        }).ToList(),
        ["gossip"] = r.Gossip.Select(g => new Dictionary<string, object>
        {
            ["phase"] = g.Phase,
            ["converged"] = g.Converged,
            ["rounds"] = g.Rounds,
            ["simulated_s"] = g.SimulatedSeconds,
            ["calls"] = g.Calls,
            ["wall_s"] = Math.Round(g.WallSeconds, 1),
        }).ToList(),
        ["wall_s"] = Math.Round(wall.TotalSeconds, 1),
    };
}
