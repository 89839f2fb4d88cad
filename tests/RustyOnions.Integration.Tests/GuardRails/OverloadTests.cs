using System.Diagnostics;
using System.Text.Json;
using RustyOnions.Proto.Errors;
using RustyOnions.Proto.Oap;
using RustyOnions.Sdk;
using RustyOnions.Sdk.Retry;
using RustyOnions.Testing;

namespace RustyOnions.Integration.Tests.GuardRails;

[Trait("Category", "Slow")]
public sealed class OverloadTests
{
    private static readonly byte[] PutHead = """{"op":"put"}"""u8.ToArray();

    /// <summary>Two PUTs whose body never ends hold both gate places of a max_inflight=2 node.</summary>
    private static async Task<RawOapClient> HoldGateAsync(GuardNode node)
    {
        var raw = await RawOapClient.ConnectAsync(node.Node.Address);
        await raw.SendAsync(OapFlags.Req | OapFlags.Start, OapAppId.Storage, 5, 1, PutHead);
        await raw.SendAsync(OapFlags.Req | OapFlags.Start, OapAppId.Storage, 5, 2, PutHead);
        await Poll.UntilAsync(async () => await Metrics.ValueAsync(node.Node.AdminUri, "ron_inflight_requests") >= 2, TimeSpan.FromSeconds(10), "two PUTs in flight");
        return raw;
    }

    private static async Task ReleaseGateAsync(RawOapClient raw)
    {
        await raw.SendAsync(OapFlags.Req | OapFlags.End, OapAppId.Storage, 5, 1, "a"u8.ToArray());
        await raw.SendAsync(OapFlags.Req | OapFlags.End, OapAppId.Storage, 5, 2, "b"u8.ToArray());
    }

    [Fact]
    public async Task Full_gate_answers_503_OVERLOAD_and_readyz_reports_overloaded_then_recovers()
    {
        await using var node = await GuardNode.StartAsync(new() { ["RON_MAX_INFLIGHT"] = "2", ["RON_OVERLOAD_RETRY_AFTER_MS"] = "250" });
        Assert.Equal(200, (await Metrics.ReadyzAsync(node.Node.AdminUri)).Status);
        await using var raw = await HoldGateAsync(node);

        var (status, body) = await Metrics.ReadyzAsync(node.Node.AdminUri);
        Assert.Equal(503, status);
        Assert.Equal("overloaded", JsonDocument.Parse(body).RootElement.GetProperty("reason").GetString());

        await using var other = await RawOapClient.ConnectAsync(node.Node.Address);
        await other.SendAsync(OapFlags.Req | OapFlags.Start | OapFlags.End, OapAppId.Echo, 9, 77, "hi"u8.ToArray());
        var (header, payload) = await other.ReadReplyAsync(77);
        Assert.Equal(OapStatus.Unavailable, header.Code);
        var envelope = OapErrorEnvelope.TryParse(payload)!;
        Assert.Equal(new OapErrorEnvelope("OVERLOAD", envelope.Message, true, 77, 250), envelope);

        // HELLO is exempt so clients can still learn the limits.
        await other.SendAsync(OapFlags.Req | OapFlags.Start | OapFlags.End, OapAppId.Hello, 9, 78, ReadOnlyMemory<byte>.Empty);
        Assert.Equal(0, (await other.ReadReplyAsync(78)).Header.Code);

        await ReleaseGateAsync(raw);
        await Poll.UntilAsync(async () => (await Metrics.ReadyzAsync(node.Node.AdminUri)).Status == 200, TimeSpan.FromSeconds(10), "readyz to recover");
        await other.SendAsync(OapFlags.Req | OapFlags.Start | OapFlags.End, OapAppId.Echo, 9, 79, "hi"u8.ToArray());
        Assert.Equal(0, (await other.ReadReplyAsync(79)).Header.Code);
        var metrics = await Metrics.ScrapeAsync(node.Node.AdminUri);
        Assert.Equal(1, Metrics.Value(metrics, "ron_rejected_total{reason=\"overload\"}"));
        Assert.Equal(1, Metrics.Value(metrics, "ron_errors_total{code=\"OVERLOAD\"}"));
        Assert.Equal(2, Metrics.Value(metrics, "ron_inflight_limit"));
    }

    [Fact]
    public async Task Sdk_retries_through_503_and_waits_at_least_the_hint()
    {
        await using var node = await GuardNode.StartAsync(new() { ["RON_MAX_INFLIGHT"] = "2", ["RON_OVERLOAD_RETRY_AFTER_MS"] = "400" });
        await using var raw = await HoldGateAsync(node);
        var events = new List<RonRetryEvent>();
        var opts = RonClientOpts.FromEnvironment(node.Node.Address.ToString(), _ => null) with
        {
            Retry = new RonRetryOpts
            {
                MaxRetries = 5,
                Seed = 7,
                OnRetry = e =>
                {
                    events.Add(e);
                    if (events.Count == 2)
                    {
                        ReleaseGateAsync(raw).GetAwaiter().GetResult();
                    }
                },
            },
        };
        await using var client = await RonClient.ConnectAsync(opts);
        var sw = Stopwatch.StartNew();
        var echoed = await client.EchoAsync("through the gate"u8.ToArray());
        sw.Stop();
        Assert.Equal("through the gate"u8.ToArray(), echoed);
        Assert.True(events.Count >= 2);
        Assert.All(events, e =>
        {
            Assert.Equal("OVERLOAD", e.Cause.Code);
            Assert.Equal(400, e.Cause.RetryAfterMs);
            Assert.True(e.Delay >= TimeSpan.FromMilliseconds(400), $"delay {e.Delay} below the hint");
        });
        Assert.True(sw.Elapsed >= TimeSpan.FromMilliseconds(800), $"two retries took only {sw.Elapsed}");
    }

    [Fact]
    public async Task Sdk_retries_through_429_honouring_the_bucket_hint_and_gives_up_typed_without_retries()
    {
        await using var node = await GuardNode.StartAsync(new() { ["RON_QUOTA_MAILBOX_RPS"] = "2", ["RON_QUOTA_MAILBOX_BURST"] = "1" });
        var events = new List<RonRetryEvent>();
        var opts = RonClientOpts.FromEnvironment(node.Node.Address.ToString(), _ => null) with { Tenant = 3, Retry = new RonRetryOpts { MaxRetries = 4, OnRetry = events.Add } };
        await using var client = await RonClient.ConnectAsync(opts);
        await client.RecvAsync("q");
        var sw = Stopwatch.StartNew();
        await client.RecvAsync("q"); // bucket empty: 429 with ~500 ms, then success
        sw.Stop();
        var e = Assert.Single(events);
        Assert.Equal("OVER_QUOTA", e.Cause.Code);
        Assert.InRange(e.Cause.RetryAfterMs ?? 0, 1, 500); // 500 ms per token at 2/s, less what elapsed since the first take
        Assert.True(e.Delay.TotalMilliseconds >= e.Cause.RetryAfterMs);
        Assert.True(sw.Elapsed.TotalMilliseconds >= e.Cause.RetryAfterMs!.Value, $"call took {sw.Elapsed}");

        await using var noRetry = await RonClient.ConnectAsync(opts with { Retry = RonRetryOpts.None });
        var thrown = await Assert.ThrowsAsync<RustyOnions.Sdk.Errors.RonException>(() => noRetry.RecvAsync("q"));
        Assert.Equal(429, thrown.Status);
        Assert.NotEqual(0UL, thrown.CorrId);

        // SEND without an idempotency key is never retried; with a key it is, and stays one message.
        var sent = await client.SendAsync("q", "once", idempotencyKey: "k1");
        var again = await client.SendAsync("q", "once", idempotencyKey: "k1");
        Assert.Equal(sent.MsgId, again.MsgId);
        Assert.True(again.Duplicate);
        Assert.NotEqual(0UL, again.CorrId);
    }
}
