using RustyOnions.Sdk;
using RustyOnions.Sdk.Retry;

namespace RustyOnions.Node.Cli.Bench;

/// <summary>Connects, prepares and runs one `ron bench` invocation; returns its JSON summary.</summary>
internal static class BenchRun
{
    public static async Task<Dictionary<string, object>> RunAsync(RonClientOpts baseOpts, BenchSettings s, CancellationToken ct)
    {
        s.Validate();

        // No SDK retries: a 429 or 503 must show up as an error, not as a slow success.
        var opts = baseOpts with { Retry = RonRetryOpts.None, Tenant = s.Tenant ?? baseOpts.Tenant };
        var clients = await ConnectAsync(opts, s.Conns, ct).ConfigureAwait(false);
        var noise = s.NoiseTenant is { } nt ? await ConnectAsync(opts with { Tenant = nt }, s.NoiseConns, ct).ConfigureAwait(false) : [];
        try
        {
            var work = await BenchWorkload.PrepareAsync(s, clients[0], ct).ConfigureAwait(false);
            if (s.Warmup > TimeSpan.Zero)
            {
                _ = await PhaseAsync(work, clients, s, s.Warmup, ct).ConfigureAwait(false);
            }

            var head = new Dictionary<string, object>
            {
                ["op"] = s.Op,
                ["mode"] = s.Overload ? "overload" : s.Rate > 0 ? "open" : "closed",
                ["conns"] = s.Conns,
                ["size"] = s.ObjectSize,
            };
            if (s.Rate > 0)
            {
                head["rate"] = s.Rate;
            }

            if (!s.Overload)
            {
                foreach (var kv in await PhaseAsync(work, clients, s, s.Duration, ct).ConfigureAwait(false))
                {
                    head[kv.Key] = kv.Value;
                }

                return head;
            }

            // The well-behaved tenant alone, then again while the noisy tenant floods the node.
            head["tenant"] = opts.Tenant.ToString(System.Globalization.CultureInfo.InvariantCulture);
            head["noise_tenant"] = s.NoiseTenant!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            head["noise_rate"] = s.NoiseRate;
            var alone = await PhaseAsync(work, clients, s, s.Duration, ct).ConfigureAwait(false);
            var lead = TimeSpan.FromMilliseconds(500);
            var noiseRun = PhaseAsync(work, noise, s with { Rate = s.NoiseRate }, s.Duration + lead + lead, ct);
            await Task.Delay(lead, ct).ConfigureAwait(false);
            var loaded = await PhaseAsync(work, clients, s, s.Duration, ct).ConfigureAwait(false);
            head["alone"] = alone;
            head["loaded"] = loaded;
            head["noise"] = await noiseRun.ConfigureAwait(false);
            var p99Alone = (double)alone["p99_ms"];
            head["p99_ratio"] = p99Alone > 0 ? Math.Round((double)loaded["p99_ms"] / p99Alone, 2) : 0;
            return head;
        }
        finally
        {
            foreach (var c in clients.Concat(noise))
            {
                await c.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<Dictionary<string, object>> PhaseAsync(BenchWorkload work, RonClient[] clients, BenchSettings s, TimeSpan duration, CancellationToken ct)
    {
        var rec = new LatencyRecorder();
        var elapsed = s.Rate > 0
            ? await LoadRunner.OpenLoopAsync(work, clients, s.Rate, duration, s.MaxOutstanding, rec, ct).ConfigureAwait(false)
            : await LoadRunner.ClosedLoopAsync(work, clients, duration, rec, ct).ConfigureAwait(false);
        return rec.Summarise(elapsed, s.Rate > 0);
    }

    private static async Task<RonClient[]> ConnectAsync(RonClientOpts opts, int count, CancellationToken ct)
    {
        var clients = new RonClient[count];
        for (var i = 0; i < count; i++)
        {
            clients[i] = await RonClient.ConnectAsync(opts, ct).ConfigureAwait(false);
        }

        return clients;
    }
}
