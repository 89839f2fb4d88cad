using System.Diagnostics;
using RustyOnions.Integration.Tests.GuardRails;
using RustyOnions.Sdk;
using RustyOnions.Sdk.Errors;
using RustyOnions.Sdk.Retry;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Governance;

/// <summary>The policy file is hot-reloaded under load: no request fails, new limits apply, an invalid file is reported and ignored.</summary>
[Trait("Category", "Slow")]
public sealed class PolicyReloadTests
{
    [Fact]
    public async Task Policy_reloads_under_load_drop_no_request_and_an_invalid_file_keeps_the_previous_policy()
    {
        using var dir = new TempDir("ron-policy");
        var file = dir.Combine("policy.json");
        await File.WriteAllTextAsync(file, """{"tenants":{"9":{"quotas":{"echo":{"rps":"fast"}}}}}""");
        await using var node = await NodeProcess.StartAsync(dir.Combine("data"), new Dictionary<string, string> { ["RON_POLICY"] = file, ["RON_MAX_INFLIGHT"] = "256" });

        // Started with an invalid file: not ready, with the precise problem.
        var (status, body) = await AdminJson.GetAsync(node.AdminUri, "readyz");
        Assert.Equal(503, status);
        Assert.StartsWith("policy_invalid: policy ", body.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("$.tenants[\"9\"].quotas.echo.rps: must be a number >= 0, got \"fast\"", body.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await Metrics.ValueAsync(node.AdminUri, "ron_policy_valid"));

        var ok = 0;
        await WriteAsync(file, Generous(100_000));
        await Poll.UntilAsync(async () => (await AdminJson.GetAsync(node.AdminUri, "readyz")).Status == 200, TimeSpan.FromSeconds(20), "a valid policy to make the node ready");
        ok = (int)await Metrics.ValueAsync(node.AdminUri, "ron_policy_reload_total{result=\"ok\"}");

        var opts = RonClientOpts.FromEnvironment(node.Address.ToString(), _ => null) with { Retry = RonRetryOpts.None, Tenant = 9 };
        await using var client = await RonClient.ConnectAsync(opts);
        var failures = new List<Exception>();
        var done = 0;
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await client.EchoAsync("ping"u8.ToArray());
                    Interlocked.Increment(ref done);
                }
                catch (Exception e) when (e is RonException or IOException)
                {
                    lock (failures)
                    {
                        failures.Add(e);
                    }
                }
            }
        })).ToArray();

        for (var i = 0; i < 5; i++)
        {
            var progress = Volatile.Read(ref done);
            await WriteAsync(file, Generous(100_100 + (i * 100)));
            var want = ok + i + 1;
            await Poll.UntilAsync(async () => await Metrics.ValueAsync(node.AdminUri, "ron_policy_reload_total{result=\"ok\"}") >= want, TimeSpan.FromSeconds(20), $"reload {i + 1}");
            await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref done) > progress + 20), TimeSpan.FromSeconds(20), "load to keep flowing");
        }

        await WriteAsync(file, """{"tenants":{"9":{"quotas":{"echo":{"rps":-1}}},"x":{}}}""");
        await Poll.UntilAsync(async () => await Metrics.ValueAsync(node.AdminUri, "ron_policy_reload_total{result=\"invalid\"}") >= 2, TimeSpan.FromSeconds(20), "the invalid file to be rejected");
        Assert.Equal(0, await Metrics.ValueAsync(node.AdminUri, "ron_policy_valid"));
        (status, body) = await AdminJson.GetAsync(node.AdminUri, "readyz");
        Assert.Equal(200, status); // the previous policy stays in force
        var policy = body.GetProperty("policy");
        Assert.False(policy.GetProperty("valid").GetBoolean());
        Assert.True(policy.GetProperty("in_force").GetBoolean());
        Assert.Equal($"policy {file} is invalid: $.tenants[\"9\"].quotas.echo.rps: must be a number >= 0, got -1; $.tenants[\"x\"]: a tenant key must be a decimal tenant id (0..2^128-1)", policy.GetProperty("error").GetString());
        var afterInvalid = Volatile.Read(ref done);
        await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref done) > afterInvalid + 20), TimeSpan.FromSeconds(20), "load to keep flowing on the previous policy");

        // SIGHUP reloads (here: the same invalid bytes, rejected again) and does not stop the node.
        var rejected = await Metrics.ValueAsync(node.AdminUri, "ron_policy_reload_total{result=\"invalid\"}");
        using (var hup = Process.Start("kill", ["-HUP", node.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await hup.WaitForExitAsync();
        }

        await Poll.UntilAsync(async () => await Metrics.ValueAsync(node.AdminUri, "ron_policy_reload_total{result=\"invalid\"}") > rejected, TimeSpan.FromSeconds(20), "SIGHUP to reload");
        Assert.True(node.IsRunning);

        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.Empty(failures);
        Assert.True(done > 100, $"only {done} requests completed");

        // The new limits take effect: tenant 9 down to 1 echo per 10 s, tenant 10 untouched.
        var okBefore = await Metrics.ValueAsync(node.AdminUri, "ron_policy_reload_total{result=\"ok\"}");
        await WriteAsync(file, """{"tenants":{"9":{"quotas":{"echo":{"rps":0.1,"burst":1}}}}}""");
        await Poll.UntilAsync(async () => await Metrics.ValueAsync(node.AdminUri, "ron_policy_reload_total{result=\"ok\"}") > okBefore, TimeSpan.FromSeconds(20), "the strict policy to load");
        Assert.Equal(1, await Metrics.ValueAsync(node.AdminUri, "ron_policy_valid"));
        await client.EchoAsync("one"u8.ToArray());
        var over = await Assert.ThrowsAsync<RonException>(() => client.EchoAsync("two"u8.ToArray()));
        Assert.Equal(429, (int)over.Status);
        await using var other = await RonClient.ConnectAsync(opts with { Tenant = 10 });
        for (var i = 0; i < 5; i++)
        {
            await other.EchoAsync("free"u8.ToArray());
        }
    }

    private static string Generous(int rps) =>
        "{\"version\":1,\"defaults\":{\"bytes_per_day\":1000000000},\"tenants\":{\"9\":{\"quotas\":{\"echo\":{\"rps\":" + rps + ",\"burst\":" + rps + "}}}}}";

    /// <summary>Writes atomically (temp file + rename), as an operator's config tool should.</summary>
    private static async Task WriteAsync(string path, string text)
    {
        var tmp = path + ".tmp";
        await File.WriteAllTextAsync(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }
}
