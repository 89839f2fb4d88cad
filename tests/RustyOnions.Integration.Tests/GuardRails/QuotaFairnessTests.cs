using System.Diagnostics;
using RustyOnions.Sdk;
using RustyOnions.Sdk.Errors;
using RustyOnions.Sdk.Retry;

namespace RustyOnions.Integration.Tests.GuardRails;

[Trait("Category", "Slow")]
public sealed class QuotaFairnessTests
{
    [Fact]
    public async Task Offender_at_ten_times_its_quota_gets_429s_while_a_polite_tenant_sees_no_errors()
    {
        const double rps = 20;
        await using var node = await GuardNode.StartAsync(new() { ["RON_QUOTA_MAILBOX_RPS"] = "20", ["RON_QUOTA_MAILBOX_BURST"] = "20", ["RON_MAX_INFLIGHT"] = "256" });
        var baseOpts = RonClientOpts.FromEnvironment(node.Node.Address.ToString(), _ => null) with { Retry = RonRetryOpts.None };
        await using var offender = await RonClient.ConnectAsync(baseOpts with { Tenant = 1 });
        await using var polite = await RonClient.ConnectAsync(baseOpts with { Tenant = 2 });
        const int politeRequests = 30;
        var politeDone = false;

        var offenderOk = 0;
        var over = new List<RonException>();
        var unexpected = new List<RonException>();
        var politeErrors = new List<Exception>();
        var politeOk = 0;
        var sw = Stopwatch.StartNew();
        // The offender runs for as long as the polite tenant needs for its fixed number of calls,
        // so a slow machine stretches the run instead of failing it.
        var offenderTask = Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (!Volatile.Read(ref politeDone))
            {
                try
                {
                    await offender.RecvAsync("t", 1);
                    Interlocked.Increment(ref offenderOk);
                }
                catch (RonException e) when (e.Status == 429)
                {
                    lock (over)
                    {
                        over.Add(e);
                    }
                }
                catch (RonException e)
                {
                    lock (unexpected)
                    {
                        unexpected.Add(e);
                    }
                }

                await Task.Delay(8); // at most ~2000/s across 16 loops; latency keeps it nearer 10x
            }
        })));
        var politeTask = Task.Run(async () =>
        {
            for (var i = 0; i < politeRequests; i++)
            {
                try
                {
                    await polite.RecvAsync("t", 1);
                    politeOk++;
                }
                catch (Exception e)
                {
                    politeErrors.Add(e);
                }

                await Task.Delay(100); // at most 10/s: half the quota
            }

            Volatile.Write(ref politeDone, true);
        });
        await Task.WhenAll(offenderTask, politeTask);
        var elapsed = sw.Elapsed.TotalSeconds;

        Assert.Empty(politeErrors);
        Assert.Equal(politeRequests, politeOk);
        Assert.DoesNotContain(unexpected, e => e.Status >= 500 && e.Code != "OVERLOAD");
        Assert.Empty(unexpected);
        var attempts = offenderOk + over.Count;
        Assert.True(attempts >= 10 * rps * elapsed / 2, $"offender made only {attempts} attempts in {elapsed:0.0} s");
        // Allowed: the burst plus the refill over the run (with slack for timing).
        Assert.InRange(offenderOk, (int)(rps * elapsed * 0.8), (int)(20 + (rps * elapsed) + 10));
        Assert.NotEmpty(over);
        Assert.All(over, e =>
        {
            Assert.Equal("OVER_QUOTA", e.Code);
            Assert.True(e.Retryable);
            Assert.InRange(e.RetryAfterMs ?? -1, 1, (long)(1000 / rps) + 1);
            Assert.NotEqual(0UL, e.CorrId);
        });
        var metrics = await Metrics.ScrapeAsync(node.Node.AdminUri);
        Assert.Equal(over.Count, Metrics.Value(metrics, "ron_rejected_total{reason=\"over_quota\"}"));
        Assert.Equal(over.Count, Metrics.Value(metrics, "ron_errors_total{code=\"OVER_QUOTA\"}"));
        Assert.Contains("ron_quota_tokens{tenant=\"1\",app=\"mailbox\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("ron_quota_tokens{tenant=\"2\",app=\"mailbox\"}", metrics, StringComparison.Ordinal);
    }
}
