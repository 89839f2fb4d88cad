using System.Diagnostics;
using System.Text;
using System.Text.Json;
using RustyOnions.Proto.Caps;
using RustyOnions.Sdk;
using RustyOnions.Sdk.Errors;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;
using Xunit.Abstractions;

namespace RustyOnions.Integration.Tests.Auth;

/// <summary>Capabilities end to end: `ron cap issue` with the operator key, the SDK sending RON_CAP, typed refusals, hot revocation.</summary>
[Collection(AuthCollection.Name)]
[Trait("Category", "Slow")]
public sealed class CapFlowTests(AuthNodeFixture fx, ITestOutputHelper output)
{
    private Task<RonClient> ConnectAsync(UInt128 tenant, string? cap) =>
        RonClient.ConnectAsync(new RonClientOpts { Node = fx.Node.Address, Tenant = tenant, Cap = cap is null ? [] : Encoding.ASCII.GetBytes(cap), Retry = new() { MaxRetries = 0 } });

    [Fact]
    public async Task Operator_cap_from_ron_cap_issue_lets_the_sdk_put_and_get_and_nothing_else()
    {
        var issued = await RonCli.RunAsync(["cap", "issue", "--data", fx.DataDir, "--tenant", "7", "--ops", "storage.*", "--ttl", "10m"]);
        Assert.True(issued.ExitCode == 0, issued.Stderr);
        var token = issued.Stdout.Trim();
        Assert.Equal(AuthNodeFixture.OperatorKeyOf(fx.DataDir), CapToken.FromText(token).IssuerHex);

        await using var client = await ConnectAsync(7, token);
        var data = Encoding.UTF8.GetBytes("bytes a capability may store " + Guid.NewGuid());
        var put = await client.PutAsync(data);
        Assert.Equal(data, await client.GetBytesAsync(put.Addr));

        var e = await Assert.ThrowsAsync<RonAuthException>(() => client.EchoAsync("x"u8.ToArray()));
        Assert.Equal(403, e.Status);
        Assert.Equal("op_not_granted", e.Reason);
        Assert.True(e.IsForbidden);
    }

    [Fact]
    public async Task Cap_caveats_are_enforced_rps_gives_429_with_a_refill_hint_and_max_object_size_gives_413()
    {
        var limited = fx.Issuer.Issue(7, [CapOp.Parse("echo.*"), CapOp.Parse("storage.*")], DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1),
            new CapCaveats(Rps: 1, MaxObjectSize: 16));
        await using var client = await ConnectAsync(7, limited.ToText());

        // The object-size caveat: the SDK declares the size, so the refusal comes before any byte is stored.
        var tooBig = Encoding.UTF8.GetBytes("seventeen bytes!!");
        var big = await Assert.ThrowsAsync<RonException>(() => client.PutAsync(tooBig));
        Assert.Equal(413, big.Status);
        Assert.Equal("TOO_LARGE", big.Code);
        Assert.Equal("cap_max_object", big.Reason);
        Assert.Contains("16 bytes", big.Message, StringComparison.Ordinal);

        // rps = 1 with a burst of one: within a second the bucket is empty; the hint is the refill time, not a constant.
        RonException? limitedBy = null;
        for (var i = 0; i < 5 && limitedBy is null; i++)
        {
            try
            {
                await client.EchoAsync("x"u8.ToArray());
            }
            catch (RonException e)
            {
                limitedBy = e;
            }
        }

        Assert.NotNull(limitedBy);
        Assert.Equal(429, limitedBy!.Status);
        Assert.Equal("OVER_QUOTA", limitedBy.Code);
        Assert.Equal("cap_rps", limitedBy.Reason);
        Assert.InRange(limitedBy.RetryAfterMs ?? -1, 1, 1000);

        // Another cap of the same tenant has its own bucket and is untouched.
        await using var other = await ConnectAsync(7, fx.Cap(7, "echo.*").ToText());
        Assert.Equal("y"u8.ToArray(), await other.EchoAsync("y"u8.ToArray()));
    }

    [Fact]
    public async Task Client_without_a_cap_may_say_hello_but_gets_401_missing_for_storage()
    {
        await using var client = await ConnectAsync(7, null);
        var hello = Encoding.UTF8.GetString(await client.HelloJsonAsync());
        Assert.Contains("\"auth\":\"required\"", hello, StringComparison.Ordinal);

        var e = await Assert.ThrowsAsync<RonAuthException>(() => client.StatAsync(AuthNodeFixture.DeniedAddr));
        Assert.Equal(401, e.Status);
        Assert.Equal("UNAUTHENTICATED", e.Code);
        Assert.Equal("missing", e.Reason);
    }

    [Fact]
    public async Task Revoked_cap_is_refused_soon_after_the_list_changes_and_others_keep_working()
    {
        var victim = fx.Cap(7, "echo.*");
        var bystander = fx.Cap(7, "echo.*");
        await using var client = await ConnectAsync(7, victim.ToText());
        await using var other = await ConnectAsync(7, bystander.ToText());
        Assert.Equal("a"u8.ToArray(), await client.EchoAsync("a"u8.ToArray()));

        var original = await File.ReadAllTextAsync(fx.RevocationsFile);
        try
        {
            await AuthNodeFixture.ReplaceAsync(fx.RevocationsFile, original + victim.IdHex + "\n");
            var changed = Stopwatch.StartNew();
            RonAuthException? refused = null;

            // The promise is "within a second" (watcher, 250 ms poll fallback); the deadline leaves room for a loaded machine.
            await Poll.UntilAsync(
                async () =>
                {
                    try
                    {
                        await client.EchoAsync("b"u8.ToArray());
                        return false;
                    }
                    catch (RonAuthException e)
                    {
                        refused = e;
                        return true;
                    }
                },
                TimeSpan.FromSeconds(3),
                "the revoked cap to be refused",
                TimeSpan.FromMilliseconds(20));
            output.WriteLine($"revocation took effect after {changed.ElapsedMilliseconds} ms");
            Assert.Equal("revoked", refused!.Reason);
            Assert.Equal(401, refused.Status);
            Assert.Equal("c"u8.ToArray(), await other.EchoAsync("c"u8.ToArray()));
        }
        finally
        {
            await AuthNodeFixture.ReplaceAsync(fx.RevocationsFile, original);
        }
    }

    [Fact]
    public async Task Cap_inspect_prints_fields_and_validity_and_fails_for_an_expired_cap()
    {
        var token = fx.Cap(42, "storage.get,mailbox.send");
        var ok = await RonCli.RunAsync(["cap", "inspect", token.ToText(), "--json"]);
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        using (var doc = JsonDocument.Parse(ok.Stdout))
        {
            var r = doc.RootElement;
            Assert.True(r.GetProperty("valid").GetBoolean());
            Assert.Equal("42", r.GetProperty("tenant").GetString());
            Assert.Equal(token.IdHex, r.GetProperty("id").GetString());
            Assert.Equal(["mailbox.send", "storage.get"], r.GetProperty("ops").EnumerateArray().Select(e => e.GetString()!));
        }

        var now = DateTimeOffset.UtcNow;
        var expired = fx.Issuer.Issue(42, [CapOp.Parse("echo.*")], now.AddHours(-2), now.AddHours(-1));
        var bad = await RonCli.RunAsync(["cap", "inspect", expired.ToText(), "--json"]);
        Assert.Equal(2, bad.ExitCode);
        using var badDoc = JsonDocument.Parse(bad.Stdout);
        Assert.Equal("expired", badDoc.RootElement.GetProperty("reason").GetString());

        var garbage = await RonCli.RunAsync(["cap", "inspect", "%%%"]);
        Assert.Equal(1, garbage.ExitCode);
        Assert.StartsWith("ron: error: BAD_ARGUMENT", garbage.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cap_issue_reports_a_bad_op_in_one_line()
    {
        var r = await RonCli.RunAsync(["cap", "issue", "--data", fx.DataDir, "--tenant", "7", "--ops", "storage.get,nope.x"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("unknown app 'nope'", r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }
}
