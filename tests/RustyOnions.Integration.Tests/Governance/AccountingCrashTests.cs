using System.Text.Json;
using RustyOnions.Integration.Tests.GuardRails;
using RustyOnions.Sdk;
using RustyOnions.Sdk.Retry;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Governance;

/// <summary>Per-tenant usage is flushed in batches to accounting.db and survives kill -9 and restart.</summary>
[Trait("Category", "Slow")]
public sealed class AccountingCrashTests
{
    private const string Tenant = "77";

    [Fact]
    public async Task Usage_counters_are_exact_after_kill_9_and_restart_once_a_batch_was_flushed()
    {
        using var dir = new TempDir("ron-acct");
        var env = new Dictionary<string, string> { ["RON_ACCOUNTING_FLUSH_MS"] = "200" };
        var node = await NodeProcess.StartAsync(dir.Combine("data"), env);
        try
        {
            var opts = RonClientOpts.FromEnvironment(node.Address.ToString(), _ => null) with { Retry = RonRetryOpts.None, Tenant = 77 };
            var rng = new Random(77);
            await using (var client = await RonClient.ConnectAsync(opts))
            {
                var addrs = new List<RustyOnions.Proto.Content.ContentId>();
                for (var i = 0; i < 5; i++)
                {
                    var data = new byte[1000];
                    rng.NextBytes(data);
                    addrs.Add((await client.PutAsync(data)).Addr);
                }

                for (var i = 0; i < 3; i++)
                {
                    Assert.Equal(1000, (await client.GetBytesAsync(addrs[i])).Length);
                }

                for (var i = 0; i < 4; i++)
                {
                    await client.SendAsync("acct", "message " + i);
                }

                await client.EchoAsync("hi"u8.ToArray());
                await client.EchoAsync("hi"u8.ToArray());
            }

            // Wait for the final numbers, then for two more flushes so they are surely on disk.
            await Poll.UntilAsync(async () => await AdminJson.TenantAsync(node.AdminUri, Tenant) is { } t && AdminJson.Requests(t, "echo") == 2, TimeSpan.FromSeconds(20), "usage to show both echoes");
            var flushed = (await AdminJson.GetAsync(node.AdminUri, "usage")).Body.GetProperty("flushes").GetInt64();
            await Poll.UntilAsync(async () => (await AdminJson.GetAsync(node.AdminUri, "usage")).Body.GetProperty("flushes").GetInt64() >= flushed + 2, TimeSpan.FromSeconds(20), "two more flushes");
            var before = (await AdminJson.TenantAsync(node.AdminUri, Tenant))!.Value;
            AssertUsage(before);
            Assert.Equal(8, await Metrics.ValueAsync(node.AdminUri, "ron_tenant_requests_total{tenant=\"77\",op=\"storage\"}"));
            Assert.Equal(5000, await Metrics.ValueAsync(node.AdminUri, "ron_tenant_stored_bytes{tenant=\"77\"}"));

            await node.KillAsync();
            Assert.True(File.Exists(dir.Combine("data", "accounting.db")));
            await node.DisposeAsync();
            node = await NodeProcess.StartAsync(dir.Combine("data"), env);

            var after = (await AdminJson.TenantAsync(node.AdminUri, Tenant))!.Value;
            AssertUsage(after);
            Assert.Equal(before.GetProperty("requests").GetRawText(), after.GetProperty("requests").GetRawText());

            var cli = await RonCli.RunAsync(["usage", "--tenant", Tenant, "--json", "--admin", node.AdminUri.ToString()]);
            Assert.Equal(0, cli.ExitCode);
            using (var doc = JsonDocument.Parse(cli.Stdout))
            {
                AssertUsage(doc.RootElement.GetProperty("tenants")[0]);
            }

            var text = await RonCli.RunAsync(["usage", "--admin", node.AdminUri.ToString()]);
            Assert.Equal(0, text.ExitCode);
            Assert.Contains("storage=8", text.Stdout, StringComparison.Ordinal);

            var bad = await RonCli.RunAsync(["usage", "--tenant", "abc", "--admin", node.AdminUri.ToString()]);
            Assert.NotEqual(0, bad.ExitCode);
            Assert.Equal("ron: error: BAD_ARGUMENT: tenant 'abc' is not a decimal tenant id (0..2^128-1)", bad.Stderr.Trim());
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    private static void AssertUsage(JsonElement t)
    {
        Assert.Equal(Tenant, t.GetProperty("tenant").GetString());
        Assert.Equal(8, AdminJson.Requests(t, "storage"));
        Assert.Equal(4, AdminJson.Requests(t, "mailbox"));
        Assert.Equal(2, AdminJson.Requests(t, "echo"));
        Assert.Equal(5000, t.GetProperty("bytes_in").GetInt64());
        Assert.Equal(3000, t.GetProperty("bytes_out").GetInt64());
        Assert.Equal(5000, t.GetProperty("stored_bytes").GetInt64());
        Assert.Equal(4, t.GetProperty("mailbox_messages").GetInt64());
    }
}
