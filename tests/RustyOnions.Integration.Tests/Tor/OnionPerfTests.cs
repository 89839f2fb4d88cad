using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RustyOnions.Sdk;
using RustyOnions.Transport.Tor.Control;
using RustyOnions.Transport.Tor.Socks;
using Xunit.Abstractions;

namespace RustyOnions.Integration.Tests.Tor;

/// <summary>
/// OnionPerf model: time to first and last byte of a 5 MiB GET over the node's onion service via
/// the SDK, next to the same bytes from a plain TCP server behind an onion on the same Tor network
/// (no RustyOnions in the path), interleaved in one run. Prints the numbers for docs/performance.md.
/// </summary>
[Collection(TorNodeCollection.Name)]
[Trait("Category", "Slow")]
public sealed class OnionPerfTests(TorNodeFixture fx, ITestOutputHelper output)
{
    private const int Size = 5 * 1024 * 1024;

    // The SDK hands over its first bytes once the first whole OAP/1 frame (64 KiB of object bytes)
    // arrived; the baseline's time to its first 64 KiB is the fair comparison for the SDK's TTFB.
    private const int FirstFrame = 64 * 1024;
    private readonly List<double> _plainFirstFrame = [];
    private readonly List<double> _plainTtfb = [];
    // RON_PERF_RUNS raises the repetitions for a measurement (the default keeps the test short).
    private static readonly int Runs = int.TryParse(Environment.GetEnvironmentVariable("RON_PERF_RUNS"), CultureInfo.InvariantCulture, out var r) && r > 0 ? r : 5;

    [Fact]
    public async Task Get_5MiB_over_onion_via_sdk_is_intact_and_timed_against_plain_onion_baseline()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2) + (Runs * TimeSpan.FromSeconds(30)));
        var ct = cts.Token;
        var payload = new byte[Size];
        new Random(5).NextBytes(payload);

        // Store the object over loopback TLS (not what is measured).
        RustyOnions.Proto.Content.ContentId addr;
        await using (var local = await RonClient.ConnectAsync(new RonClientOpts { Node = fx.Node.Address }, ct))
        {
            addr = (await local.PutAsync(payload, ct)).Addr;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serve = ServeAsync(listener, payload, ct);
        await using var ctl = await TorControlClient.ConnectAsync(fx.Network.ControlOpts, ct);
        await ctl.AuthenticateAsync(ct);
        var plain = await ctl.AddOnionAsync(null, [TorControlOnionPort.ToLoopback(80, ((IPEndPoint)listener.LocalEndpoint).Port)], TorControlOnionFlags.Detach, ct);
        try
        {
            await (await DialPlainAsync("perf-warm", plain.OnionAddress, ct)).DisposeAsync();
            await (await fx.ConnectOnionAsync(fx.Onion, tenant: 5000)).DisposeAsync();
            var sdk = new List<(double Dial, double Ttfb, double Ttlb)>();
            var baseline = new List<(double Dial, double Ttfb, double Ttlb)>();
            var loopback = new List<(double Dial, double Ttfb, double Ttlb)>();
            for (var i = 0; i < Runs; i++)
            {
                // Fresh SOCKS user names (tenant ids) per run: fresh rendezvous circuits on both sides.
                baseline.Add(await PlainRunAsync($"perf-plain-{i}", plain.OnionAddress, payload, ct));
                sdk.Add(await SdkRunAsync((UInt128)(6000 + i), addr, payload, ct));

                // The node's own share: the same GET over loopback TLS, no tor.
                loopback.Add(await LoopbackRunAsync((UInt128)(7000 + i), addr, payload, ct));
            }

            output.WriteLine($"runs={Runs} size={Size}");
            output.WriteLine(Row("plain onion (no RustyOnions)", baseline));
            output.WriteLine(Row("SDK GET over node onion", sdk));
            output.WriteLine(Row("SDK GET over loopback TLS (no tor)", loopback));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plain onion time to first 64 KiB: median {Median(_plainFirstFrame):0} ms (min {_plainFirstFrame.Min():0}, max {_plainFirstFrame.Max():0})"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"TTLB overhead (median sdk / median plain - 1): {((Median(sdk.Select(x => x.Ttlb)) / Median(baseline.Select(x => x.Ttlb))) - 1) * 100:0.0} %"));
            foreach (var (b, s) in baseline.Zip(sdk))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  plain dial {b.Dial:0} ttfb {b.Ttfb:0} ttlb {b.Ttlb:0} | sdk dial {s.Dial:0} ttfb {s.Ttfb:0} ttlb {s.Ttlb:0}"));
            }
        }
        finally
        {
            await ctl.DelOnionAsync(plain.ServiceId, CancellationToken.None);
            listener.Stop();
            await serve.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }
    }

    private static string Row(string name, List<(double Dial, double Ttfb, double Ttlb)> r) => string.Create(
        CultureInfo.InvariantCulture,
        $"{name}: median dial {Median(r.Select(x => x.Dial)):0} ms, TTFB {Median(r.Select(x => x.Ttfb)):0} ms, TTLB {Median(r.Select(x => x.Ttlb)):0} ms (TTLB min {r.Min(x => x.Ttlb):0}, max {r.Max(x => x.Ttlb):0})");

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
    }

    private async Task<(double, double, double)> SdkRunAsync(UInt128 tenant, RustyOnions.Proto.Content.ContentId addr, byte[] payload, CancellationToken ct)
    {
        var dial = Stopwatch.StartNew();
        await using var client = await fx.ConnectOnionAsync(fx.Onion, tenant, TimeSpan.FromSeconds(30));
        var dialMs = dial.Elapsed.TotalMilliseconds;
        var sink = new TimingStream();
        var sw = Stopwatch.StartNew();
        await client.GetAsync(addr, sink, ct: ct);
        var ttlb = sw.Elapsed.TotalMilliseconds;
        Assert.Equal(payload, sink.ToArray());
        return (dialMs, sink.FirstWriteMs(sw), ttlb);
    }

    private async Task<(double, double, double)> LoopbackRunAsync(UInt128 tenant, RustyOnions.Proto.Content.ContentId addr, byte[] payload, CancellationToken ct)
    {
        var dial = Stopwatch.StartNew();
        await using var client = await RonClient.ConnectAsync(new RonClientOpts { Node = fx.Node.Address, Tenant = tenant }, ct);
        var dialMs = dial.Elapsed.TotalMilliseconds;
        var sink = new TimingStream();
        var sw = Stopwatch.StartNew();
        await client.GetAsync(addr, sink, ct: ct);
        var ttlb = sw.Elapsed.TotalMilliseconds;
        Assert.Equal(payload, sink.ToArray());
        return (dialMs, sink.FirstWriteMs(sw), ttlb);
    }

    private async Task<(double, double, double)> PlainRunAsync(string user, string onion, byte[] payload, CancellationToken ct)
    {
        var dial = Stopwatch.StartNew();
        await using var stream = await DialPlainAsync(user, onion, ct);
        var dialMs = dial.Elapsed.TotalMilliseconds;
        var sw = Stopwatch.StartNew();
        await stream.WriteAsync(new byte[] { 1 }, ct);
        var got = new byte[Size];
        var n = 0;
        double ttfb = 0;
        while (n < Size)
        {
            var r = await stream.ReadAsync(got.AsMemory(n), ct);
            Assert.True(r > 0, "plain onion stream ended early");
            if (n == 0)
            {
                ttfb = sw.Elapsed.TotalMilliseconds;
            }

            n += r;
            if (n >= FirstFrame && _plainFirstFrame.Count < _plainTtfb.Count + 1)
            {
                _plainFirstFrame.Add(sw.Elapsed.TotalMilliseconds);
            }
        }

        _plainTtfb.Add(ttfb);

        var ttlb = sw.Elapsed.TotalMilliseconds;
        Assert.Equal(payload, got);
        return (dialMs, ttfb, ttlb);
    }

    private async Task<Stream> DialPlainAsync(string user, string onion, CancellationToken ct)
    {
        var dialer = new Socks5Dialer(new Socks5Opts(fx.Network.SocksEndPoint, user, "x"));
        var end = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return await dialer.ConnectAsync(onion, 80, ct);
            }
            catch (SocksException e) when (e.IsTransient && DateTime.UtcNow < end)
            {
                await Task.Delay(500, ct);
            }
        }
    }

    private static async Task ServeAsync(TcpListener listener, byte[] payload, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var socket = await listener.AcceptSocketAsync(ct);
            _ = Task.Run(
                async () =>
                {
                    using var s = new NetworkStream(socket, ownsSocket: true);
                    var one = new byte[1];
                    if (await s.ReadAsync(one, ct) == 1)
                    {
                        await s.WriteAsync(payload, ct);
                    }
                },
                ct);
        }
    }

    /// <summary>A memory sink that notes when the first byte arrived.</summary>
    private sealed class TimingStream : MemoryStream
    {
        private long _firstTicks = -1;

        public double FirstWriteMs(Stopwatch started) =>
            _firstTicks < 0 ? double.NaN : (_firstTicks - (Stopwatch.GetTimestamp() - started.ElapsedTicks)) * 1000.0 / Stopwatch.Frequency;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Mark();
            base.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Mark();
            base.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Mark();
            return base.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Mark();
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }

        private void Mark()
        {
            if (_firstTicks < 0)
            {
                _firstTicks = Stopwatch.GetTimestamp();
            }
        }
    }
}
