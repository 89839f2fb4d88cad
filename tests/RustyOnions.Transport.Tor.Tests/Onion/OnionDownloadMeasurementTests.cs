using System.Diagnostics;
using System.Net.Sockets;
using RustyOnions.Transport.Tor.Control;
using RustyOnions.Transport.Tor.Socks;
using RustyOnions.Transport.Tor.Tests.Support;
using Xunit.Abstractions;

namespace RustyOnions.Transport.Tor.Tests.Onion;

/// <summary>
/// OnionPerf-style measurement: 5 MiB from a plain TCP server behind an onion, through our SOCKS
/// dialer. TTFB/TTLB are timed from the request (after the SOCKS CONNECT); the dial is timed apart.
/// Prints the numbers recorded in docs/performance.md and checks every byte.
/// </summary>
[Collection(TorNetworkCollection.Name)]
[Trait("Category", "Slow")]
public sealed class OnionDownloadMeasurementTests(TorNetworkFixture fixture, ITestOutputHelper output)
{
    private const int Size = 5 * 1024 * 1024;
    private const int Runs = 5;

    [Fact]
    public async Task Download_5MiB_through_onion_is_intact_and_timed()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = cts.Token;
        var payload = new byte[Size];
        new Random(5).NextBytes(payload);
        await using var server = new EchoServer(payload);
        await using var ctl = await TorControlClient.ConnectAsync(fixture.Network.ControlOpts, ct);
        await ctl.AuthenticateAsync(ct);
        var service = await ctl.AddOnionAsync(null, [TorControlOnionPort.ToLoopback(80, server.Port)], TorControlOnionFlags.Detach, ct);
        try
        {
            // Warm-up: waits for the descriptor, as a client retrying F0 would.
            var warm = new Socks5Dialer(new Socks5Opts(fixture.Network.SocksEndPoint, "perf-warm", "x"));
            await (await Deadline.DialWithRetryAsync(warm, service.OnionAddress, 80, TimeSpan.FromSeconds(60), ct)).DisposeAsync();

            var results = new List<(double Dial, double Ttfb, double Ttlb)>();
            for (var i = 0; i < Runs; i++)
            {
                // A fresh SOCKS username per run = a fresh rendezvous circuit (stream isolation).
                var dialer = new Socks5Dialer(new Socks5Opts(fixture.Network.SocksEndPoint, $"perf-{i}", "x"));
                results.Add(await DownloadAsync(() => Deadline.DialWithRetryAsync(dialer, service.OnionAddress, 80, TimeSpan.FromSeconds(30), ct), payload, ct));
            }

            var warmResults = new List<(double Dial, double Ttfb, double Ttlb)>();
            for (var i = 0; i < Runs; i++)
            {
                // Same username: the existing rendezvous circuit is reused.
                warmResults.Add(await DownloadAsync(() => warm.ConnectAsync(service.OnionAddress, 80, ct), payload, ct));
            }

            var direct = new List<(double Dial, double Ttfb, double Ttlb)>();
            for (var i = 0; i < Runs; i++)
            {
                direct.Add(await DownloadAsync(async () =>
                {
                    var c = new TcpClient();
                    await c.ConnectAsync("127.0.0.1", server.Port, ct);
                    return c.GetStream();
                }, payload, ct));
            }

            Report("fresh circuit", results);
            Report("reused circuit", warmResults);
            Report("direct loopback", direct);
        }
        finally
        {
            await ctl.DelOnionAsync(service.ServiceId, ct);
        }
    }

    private static async Task<(double, double, double)> DownloadAsync(Func<Task<Stream>> dial, byte[] expected, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        await using var s = await dial();
        var dialMs = sw.Elapsed.TotalMilliseconds;
        var buf = new byte[64 * 1024];
        var got = new byte[expected.Length];
        sw.Restart();
        s.WriteByte(1);
        var n = await s.ReadAsync(buf, ct);
        var ttfb = sw.Elapsed.TotalMilliseconds;
        var total = 0;
        while (n > 0)
        {
            buf.AsSpan(0, n).CopyTo(got.AsSpan(total));
            total += n;
            if (total == expected.Length)
            {
                break;
            }

            n = await s.ReadAsync(buf.AsMemory(0, Math.Min(buf.Length, expected.Length - total)), ct);
        }

        var ttlb = sw.Elapsed.TotalMilliseconds;
        Assert.Equal(expected.Length, total);
        Assert.True(expected.AsSpan().SequenceEqual(got), "downloaded bytes differ");
        return (dialMs, ttfb, ttlb);
    }

    private void Report(string name, List<(double Dial, double Ttfb, double Ttlb)> r)
    {
        static double Median(IEnumerable<double> xs)
        {
            var a = xs.Order().ToArray();
            return a[a.Length / 2];
        }

        var ttlb = Median(r.Select(x => x.Ttlb));
        output.WriteLine($"{name}: dial {Median(r.Select(x => x.Dial)):0.0} ms, TTFB {Median(r.Select(x => x.Ttfb)):0.0} ms, " +
            $"TTLB {ttlb:0.0} ms ({Size / 1e6 / (ttlb / 1000):0.00} MB/s); runs TTLB: {string.Join(", ", r.Select(x => x.Ttlb.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))}");
    }
}
