using System.CommandLine;
using System.Globalization;
using RustyOnions.Node.Cli.Bench;

namespace RustyOnions.Node.Cli;

/// <summary>
/// `ron bench`: end-to-end load against a running node over real TLS connections, printing one
/// JSON summary <c>{op, mode, ops_s, mb_s, p50_ms, p90_ms, p99_ms, p999_ms, errors, errors_by_code, …}</c>.
/// Closed loop by default (finds the peak rate); <c>--rate</c> runs open loop (latency from the
/// scheduled send time); <c>--noise-tenant</c> adds a second tenant flooding the node (overload test).
/// </summary>
internal static class BenchCommand
{
    public static Command Build()
    {
        var op = new Option<string>("--op") { Description = string.Join(" | ", BenchSettings.Ops), DefaultValueFactory = _ => "get-small" };
        var conns = new Option<int>("--conns") { Description = "connections (closed loop: one request in flight each; open loop: requests spread round-robin)", DefaultValueFactory = _ => 16 };
        var duration = new Option<double>("--duration") { Description = "seconds to measure", DefaultValueFactory = _ => 10 };
        var warmup = new Option<double>("--warmup") { Description = "seconds of unmeasured load first (JIT, caches; default 0)", DefaultValueFactory = _ => 0 };
        var size = new Option<int?>("--size") { Description = "object size in bytes (default: 1 KiB for get-small, 64 MiB for get-large, 1 MiB for put, 16 B mailbox bodies)" };
        var names = new Option<int>("--names") { Description = "resolve ops: names to publish first (batches of 1000)", DefaultValueFactory = _ => 100_000 };
        var rate = new Option<double>("--rate") { Description = "open loop: requests per second across all connections (0 = closed loop)", DefaultValueFactory = _ => 0 };
        var tenant = new Option<string?>("--tenant") { Description = "tenant id (decimal u128) of the measured load (default RON_TENANT or 0)" };
        var noiseTenant = new Option<string?>("--noise-tenant") { Description = "overload test: a second tenant that floods the node while the measured tenant runs at --rate" };
        var noiseRate = new Option<double>("--noise-rate") { Description = "overload test: the noisy tenant's open-loop rate (e.g. 10x its quota)", DefaultValueFactory = _ => 0 };
        var noiseConns = new Option<int>("--noise-conns") { Description = "overload test: connections of the noisy tenant", DefaultValueFactory = _ => 4 };
        var bench = new Command("bench", "load-test a node; prints one JSON summary") { op, conns, duration, warmup, size, names, rate, tenant, noiseTenant, noiseRate, noiseConns };
        bench.SetAction(async (parse, ct) =>
        {
            try
            {
                var settings = new BenchSettings
                {
                    Op = parse.GetValue(op)!,
                    Conns = parse.GetValue(conns),
                    Duration = TimeSpan.FromSeconds(parse.GetValue(duration)),
                    Warmup = TimeSpan.FromSeconds(parse.GetValue(warmup)),
                    Size = parse.GetValue(size),
                    Names = parse.GetValue(names),
                    Rate = parse.GetValue(rate),
                    Tenant = Tenant(parse.GetValue(tenant), "--tenant"),
                    NoiseTenant = Tenant(parse.GetValue(noiseTenant), "--noise-tenant"),
                    NoiseRate = parse.GetValue(noiseRate),
                    NoiseConns = parse.GetValue(noiseConns),
                };
                CliOutput.Json(await BenchRun.RunAsync(GlobalOptions.ClientOpts(parse), settings, ct).ConfigureAwait(false));
                return 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return CliOutput.Error(e, true);
            }
        });
        return bench;
    }

    private static UInt128? Tenant(string? text, string option) =>
        text is null ? null
        : UInt128.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t
        : throw new ArgumentException($"{option} must be a decimal u128, got '{text}'");
}
