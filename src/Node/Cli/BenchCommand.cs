using System.CommandLine;
using System.Diagnostics;
using RustyOnions.Proto.Content;
using RustyOnions.Sdk;

namespace RustyOnions.Node.Cli;

/// <summary>
/// `ron bench`: end-to-end load against a running node over real TLS connections, printing one
/// JSON line <c>{op, ops_s, mb_s, p50_ms, p95_ms, p99_ms, errors}</c>.
/// </summary>
internal static class BenchCommand
{
    public static Command Build()
    {
        var op = new Option<string>("--op") { Description = "get-small | get-large | put | mailbox | resolve | resolve-fanout", DefaultValueFactory = _ => "get-small" };
        var conns = new Option<int>("--conns") { Description = "connections, one request in flight each", DefaultValueFactory = _ => 16 };
        var duration = new Option<double>("--duration") { Description = "seconds to run", DefaultValueFactory = _ => 10 };
        var size = new Option<int?>("--size") { Description = "object size in bytes (default: 1 KiB for get-small, 64 MiB for get-large, 1 MiB for put)" };
        var names = new Option<int>("--names") { Description = "resolve ops: names to publish first (batches of 1000)", DefaultValueFactory = _ => 100_000 };
        var bench = new Command("bench", "load-test a node; prints one JSON summary line") { op, conns, duration, size, names };
        bench.SetAction(async (parse, ct) =>
        {
            try
            {
                var o = parse.GetValue(op)!;
                var summary = await RunAsync(GlobalOptions.ClientOpts(parse), o, parse.GetValue(conns), TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(size), parse.GetValue(names), ct).ConfigureAwait(false);
                CliOutput.Json(summary);
                return 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return CliOutput.Error(e, true);
            }
        });
        return bench;
    }

    private static async Task<Dictionary<string, object>> RunAsync(RonClientOpts opts, string op, int conns, TimeSpan duration, int? size, int nameCount, CancellationToken ct)
    {
        if (conns < 1 || duration <= TimeSpan.Zero)
        {
            throw new ArgumentException("--conns must be >= 1 and --duration > 0");
        }

        var clients = new RonClient[conns];
        for (var i = 0; i < conns; i++)
        {
            clients[i] = await RonClient.ConnectAsync(opts, ct).ConfigureAwait(false);
        }

        try
        {
            var objectSize = size ?? op switch { "get-small" => 1024, "get-large" => 64 << 20, "put" => 1 << 20, "mailbox" or "resolve" or "resolve-fanout" => 0, _ => throw new ArgumentException($"unknown --op '{op}' (get-small, get-large, put, mailbox, resolve, resolve-fanout)") };
            var payload = new byte[objectSize];
            new Random(42).NextBytes(payload);
            ContentId addr = default;
            if (op is "get-small" or "get-large")
            {
                addr = (await clients[0].PutAsync(payload, ct).ConfigureAwait(false)).Addr;
            }

            var names = op.StartsWith("resolve", StringComparison.Ordinal) ? await IndexBench.SeedAsync(clients[0], nameCount, ct).ConfigureAwait(false) : [];
            var topic = "bench-" + Guid.NewGuid().ToString("N");
            var latencies = new List<double>[conns];
            var errors = 0L;
            var errorsByCode = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
            var bytes = 0L;
            var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, conns).Select(i => Task.Run(async () =>
            {
                var mine = latencies[i] = new List<double>(4096);
                var client = clients[i];
                var seq = 0;
                var sink = new CountingStream();
                var pick = new Random(i);
                while (Stopwatch.GetTimestamp() < stopAt && !ct.IsCancellationRequested)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    try
                    {
                        switch (op)
                        {
                            case "get-small" or "get-large":
                                Interlocked.Add(ref bytes, await client.GetAsync(addr, sink, ct: ct).ConfigureAwait(false));
                                break;
                            case "put":
                                // Vary one byte so every PUT writes a new object.
                                var body = (byte[])payload.Clone();
                                BitConverter.TryWriteBytes(body, (i << 20) | seq++);
                                await client.PutAsync(body, ct).ConfigureAwait(false);
                                Interlocked.Add(ref bytes, body.Length);
                                break;
                            case "resolve" or "resolve-fanout":
                                _ = await client.ResolveAsync(names[pick.Next(names.Length)], fanOut: op == "resolve-fanout", consistent: op == "resolve-fanout", ct: ct).ConfigureAwait(false)
                                    ?? throw new InvalidOperationException("a published name did not resolve");
                                break;
                            default:
                                await client.SendAsync(topic, "m", null, ct).ConfigureAwait(false);
                                break;
                        }

                        mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        Interlocked.Increment(ref errors);
                        errorsByCode.AddOrUpdate(e is Sdk.Errors.RonException r ? r.Code : "LOCAL", 1, (_, n) => n + 1);
                    }
                }
            }, ct))).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var all = latencies.SelectMany(l => l).Order().ToArray();
            return new Dictionary<string, object>
            {
                ["op"] = op,
                ["conns"] = conns,
                ["size"] = objectSize,
                ["duration_s"] = Math.Round(elapsed, 2),
                ["ops"] = all.Length,
                ["ops_s"] = Math.Round(all.Length / elapsed, 1),
                ["mb_s"] = Math.Round(bytes / elapsed / 1e6, 1),
                ["p50_ms"] = Percentile(all, 0.50),
                ["p95_ms"] = Percentile(all, 0.95),
                ["p99_ms"] = Percentile(all, 0.99),
                ["errors"] = errors,
                ["errors_by_code"] = new SortedDictionary<string, long>(errorsByCode, StringComparer.Ordinal),
            };
        }
        finally
        {
            foreach (var c in clients)
            {
                await c.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 3);

    /// <summary>A write-only sink that discards bytes (the GET is still verified by the SDK).</summary>
    private sealed class CountingStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => 0;

        public override long Position { get => 0; set { } }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
