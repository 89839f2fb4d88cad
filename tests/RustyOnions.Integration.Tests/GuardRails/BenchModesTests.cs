using System.Text.Json;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.GuardRails;

/// <summary>`ron bench` open-loop and overload modes against a real node (short runs; no speed asserted).</summary>
public sealed class BenchModesTests
{
    [Fact]
    public async Task Open_loop_sends_exactly_the_scheduled_requests_and_reports_both_latencies()
    {
        await using var node = await GuardNode.StartAsync(new());

        var run = await RonCli.RunAsync(["bench", "--op", "get-small", "--rate", "50", "--duration", "2", "--conns", "2"], Env(node), TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        using var doc = JsonDocument.Parse(run.Stdout);
        var r = doc.RootElement;
        Assert.Equal("open", r.GetProperty("mode").GetString());
        Assert.Equal(100, r.GetProperty("ops").GetInt32() + r.GetProperty("errors").GetInt32()); // 50/s for 2 s
        Assert.Equal(0, r.GetProperty("errors").GetInt32());
        foreach (var f in new[] { "p50_ms", "p90_ms", "p99_ms", "p999_ms", "service_p50_ms", "service_p99_ms" })
        {
            Assert.True(r.GetProperty(f).GetDouble() > 0, f);
        }

        Assert.True(r.GetProperty("p99_ms").GetDouble() >= r.GetProperty("p50_ms").GetDouble());
    }

    [Fact]
    public async Task Overload_mode_reports_the_polite_tenant_unharmed_and_the_noisy_one_rejected()
    {
        await using var node = await GuardNode.StartAsync(new() { ["RON_QUOTA_STORAGE_RPS"] = "20", ["RON_QUOTA_STORAGE_BURST"] = "20" });

        var run = await RonCli.RunAsync(
            ["bench", "--op", "get-small", "--conns", "1", "--duration", "2", "--tenant", "1", "--rate", "5", "--noise-tenant", "2", "--noise-rate", "200", "--noise-conns", "2"],
            Env(node),
            TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        using var doc = JsonDocument.Parse(run.Stdout);
        var r = doc.RootElement;
        Assert.Equal("overload", r.GetProperty("mode").GetString());
        Assert.Equal(0, r.GetProperty("alone").GetProperty("errors").GetInt32());
        Assert.Equal(0, r.GetProperty("loaded").GetProperty("errors").GetInt32());
        Assert.Equal(10, r.GetProperty("loaded").GetProperty("ops").GetInt32());
        Assert.True(r.GetProperty("noise").GetProperty("errors_by_code").GetProperty("OVER_QUOTA").GetInt32() > 0);
        Assert.True(r.TryGetProperty("p99_ratio", out _));
    }

    [Fact]
    public async Task Noise_tenant_without_a_rate_is_a_bad_argument()
    {
        var run = await RonCli.RunAsync(["bench", "--op", "get-small", "--noise-tenant", "2", "--noise-rate", "100"], new Dictionary<string, string> { ["RON_NODE_URL"] = "tls://127.0.0.1:1" });

        Assert.NotEqual(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal("BAD_ARGUMENT", doc.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("--noise-tenant needs --rate", doc.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Env(GuardNode node) => new() { ["RON_NODE_URL"] = node.Node.Address.ToString() };
}
