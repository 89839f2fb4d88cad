using System.Globalization;
using System.Text.Json;
using RustyOnions.Integration.Tests.Overlay;
using RustyOnions.Proto.Addressing;
using RustyOnions.Sdk;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;
using Xunit.Abstractions;

namespace RustyOnions.Integration.Tests.Tor;

/// <summary>
/// Peers over tor: two TLS nodes (tls,tor) and one onion-only node in privacy mode share one overlay on
/// the collection's private Tor network. The onion-only node is reachable only by its onion address and
/// dials the TLS nodes only through tor; objects replicate both ways.
/// </summary>
[Collection(TorNodeCollection.Name)]
[Trait("Category", "Slow")]
public sealed class MixedOverlayTests(TorNodeFixture fx, ITestOutputHelper output)
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    [Fact]
    public async Task Tls_nodes_and_a_privacy_mode_onion_node_replicate_both_ways_over_tor()
    {
        using var dir = new TempDir("ron-mixed");
        var nodes = new List<NodeProcess>();
        try
        {
            // Both TLS nodes start at once: t2 bootstraps from t1's port without a pin (learned at the handshake).
            var dual = Env("tls,tor");
            var t1Port = PortAllocator.Next();
            var starting = new[]
            {
                NodeProcess.StartAsync(dir.Combine("t1"), dual, oapPort: t1Port),
                NodeProcess.StartAsync(dir.Combine("t2"), new Dictionary<string, string>(dual) { ["RON_BOOTSTRAP"] = $"tls://127.0.0.1:{t1Port.ToString(CultureInfo.InvariantCulture)}" }),
            };
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                nodes.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }

            var (t1, t2) = (nodes[0], nodes[1]);
            var t1Onion = await t1.WaitOnionAsync(TimeSpan.FromSeconds(120));
            await t2.WaitOnionAsync(TimeSpan.FromSeconds(120));
            Step("two tls,tor nodes published");

            var privateEnv = new Dictionary<string, string>(Env("tor")) { ["RON_HIDE_IP"] = "1", ["RON_BOOTSTRAP"] = t1Onion.ToString() };
            var p = await NodeProcess.StartAsync(dir.Combine("p"), privateEnv);
            nodes.Add(p);
            var pOnion = await p.WaitOnionAsync(TimeSpan.FromSeconds(120));
            Step("privacy-mode onion node published");

            await Poll.UntilAsync(
                async () =>
                {
                    var fromT1 = await PeersAsync(t1);
                    var fromT2 = await PeersAsync(t2);
                    var fromP = await PeersAsync(p);
                    return Alive(fromT1, p, "tor://") && Alive(fromT1, t2, "tls://")
                        && Alive(fromT2, p, "tor://") && Alive(fromT2, t1, "tls://")
                        && Alive(fromP, t1, "tor://") && Alive(fromP, t2, "tor://");
                },
                TimeSpan.FromSeconds(90),
                "every node to see the others alive: the onion node at its tor:// address, and the TLS nodes at tor:// from the onion node");
            Step("overlay converged");

            // The TLS nodes advertise their onion next to their tls address; the onion node only its onion.
            using (var doc = await AdminAsync(t1, "peers"))
            {
                Assert.Equal(t1Onion.ToString(), doc.RootElement.GetProperty("self_onion").GetString());
            }

            using (var doc = await AdminAsync(p, "peers"))
            {
                Assert.Equal(pOnion.ToString(), doc.RootElement.GetProperty("self").GetString());
            }

            // W=3: a PUT is acknowledged only once all three nodes hold the object, so each reply below
            // proves a replica crossed tor (to the onion node, or from it to both TLS nodes).
            var fromTls = Seeded(300_000, 71);
            var fromOnion = Seeded(200_000, 72);
            Proto.Content.ContentId a, b;
            await using (var c = await RonClient.ConnectAsync(new RonClientOpts { Node = t1.Address }))
            {
                a = (await c.PutAsync(fromTls)).Addr;
            }

            Step("PUT on t1 acknowledged by all three");
            await using (var c = await RonClient.ConnectAsync(new RonClientOpts { Node = p.Address }))
            {
                b = (await c.PutAsync(fromOnion)).Addr;
                Assert.Equal(fromTls, await c.GetBytesAsync(a));
            }

            Step("PUT on the onion node acknowledged by all three");
            foreach (var n in nodes)
            {
                Assert.NotNull(OverlayCluster.BlobPath(n, a));
                Assert.NotNull(OverlayCluster.BlobPath(n, b));
            }

            foreach (var t in new[] { t1, t2 })
            {
                await using var c = await RonClient.ConnectAsync(new RonClientOpts { Node = t.Address });
                Assert.Equal(fromOnion, await c.GetBytesAsync(b));
            }

            // Privacy mode: the onion node never opened a connection to a TLS node's clearnet listener
            // (its peer links, still open, all run through tor's SOCKS port).
            var conns = ProcessSockets.Established(p.Pid);
            output.WriteLine("onion node connections (local, remote): " + string.Join(' ', conns));
            Assert.DoesNotContain(conns, c => c.Remote == t1.OapPort || c.Remote == t2.OapPort);
            Assert.Contains(conns, c => c.Remote == fx.Network.SocksEndPoint.Port);
            Step("done");
        }
        finally
        {
            foreach (var n in nodes)
            {
                await n.DisposeAsync();
            }
        }
    }

    private Dictionary<string, string> Env(string transports) => new(TorNodeFixture.TorEnv(fx.Network, transports))
    {
        ["RON_REPLICATION"] = "3",
        ["RON_WRITE_QUORUM"] = "3",
    };

    private static bool Alive(List<(string PeerId, string State, string Addr)> peers, NodeProcess who, string scheme) =>
        peers.Any(x => x.PeerId == who.Address.PeerId!.Value.ToString() && x.State == "alive" && x.Addr.StartsWith(scheme, StringComparison.Ordinal));

    private static Task<List<(string PeerId, string State, string Addr)>> PeersAsync(NodeProcess n) => OverlayCluster.PeersAsync(n);

    private static async Task<JsonDocument> AdminAsync(NodeProcess n, string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return JsonDocument.Parse(await http.GetStringAsync(new Uri(n.AdminUri, path)));
    }

    private static byte[] Seeded(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private void Step(string what) => output.WriteLine($"{_clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),7} s  {what}");
}
