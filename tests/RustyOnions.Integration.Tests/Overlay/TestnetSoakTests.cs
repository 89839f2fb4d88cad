using System.Diagnostics;
using System.Text.Json;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Overlay;

/// <summary>A short run of scripts/soak-testnet (the long soak is `DURATION=600 scripts/soak-testnet`).</summary>
[Trait("Category", "Slow")]
public sealed class TestnetSoakTests
{
    [Fact]
    public async Task Short_testnet_soak_exits_zero_with_an_ok_summary_and_fails_on_a_threshold_it_cannot_meet()
    {
        var (code, summary) = await RunAsync(new() { ["NODES"] = "3", ["DURATION"] = "2" });
        Assert.True(code == 0, $"soak-testnet exited {code}: {summary}");
        using (var doc = JsonDocument.Parse(summary))
        {
            var root = doc.RootElement;
            Assert.True(root.GetProperty("ok").GetBoolean(), summary);
            Assert.True(root.GetProperty("put_ops").GetInt64() > 0, summary);
            Assert.Equal(0, root.GetProperty("errors").GetInt64());
            Assert.Equal(3, root.GetProperty("get_checks").GetInt32());
        }

        // A p99 bound no real run meets: the summary says so and the exit code is non-zero.
        var (failCode, failSummary) = await RunAsync(new() { ["NODES"] = "2", ["DURATION"] = "1", ["MAX_P99_MS"] = "0.0001" });
        Assert.Equal(1, failCode);
        using var failed = JsonDocument.Parse(failSummary);
        Assert.False(failed.RootElement.GetProperty("ok").GetBoolean(), failSummary);
    }

    private static async Task<(int Code, string Summary)> RunAsync(Dictionary<string, string> env)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(RepoPaths.Combine("scripts", "soak-testnet"));
        start.Environment["RON_DLL"] = RonBinary.DllPath;
        foreach (var (k, v) in env)
        {
            start.Environment[k] = v;
        }

        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(300));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout;
        var summary = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'))
            ?? throw new Xunit.Sdk.XunitException($"soak-testnet printed no summary (exit {p.ExitCode})\n{output}\n{await stderr}");
        return (p.ExitCode, summary);
    }
}
