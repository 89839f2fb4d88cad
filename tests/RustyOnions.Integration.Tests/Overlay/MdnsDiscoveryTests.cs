using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Makaretu.Dns;
using RustyOnions.Node.Overlay.Mdns;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Proto.Addressing;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Overlay;

[Trait("Category", "Slow")]
public sealed class MdnsDiscoveryTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Two_nodes_with_mdns_and_no_bootstrap_find_each_other_on_a_lan()
    {
        await using var lan = await MdnsLan.CreateAsync(2);
        using var dirA = new TempDir();
        using var dirB = new TempDir();
        var env = new Dictionary<string, string> { ["RON_MDNS"] = "on" };
        await using var a = await NodeProcess.StartAsync(dirA.Path, env, wrapper: ["ip", "netns", "exec", lan.Namespaces[0]], bindHost: lan.Address(0));
        await using var b = await NodeProcess.StartAsync(dirB.Path, env, wrapper: ["ip", "netns", "exec", lan.Namespaces[1]], bindHost: lan.Address(1));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var (self, other, i) in new[] { (a, b, 0), (b, a, 1) })
        {
            var url = new Uri($"http://{lan.Address(i)}:{self.AdminPort}/peers");
            string last = "";
            await Poll.UntilAsync(
                async () =>
                {
                    last = await http.GetStringAsync(url);
                    using var doc = JsonDocument.Parse(last);
                    return doc.RootElement.GetProperty("peers").EnumerateArray().Any(p =>
                        p.GetProperty("peer_id").GetString() == other.Address.PeerId!.ToString()
                        && p.GetProperty("state").GetString() == "alive"
                        && p.GetProperty("addr").GetString() == other.Address.ToString());
                },
                Deadline,
                $"node {i} to see the other node alive via mDNS");
        }
    }

    [Fact]
    public async Task A_txt_peer_id_that_does_not_match_the_certificate_never_becomes_alive()
    {
        await using var lan = await MdnsLan.CreateAsync(2);
        using var dirA = new TempDir();
        using var dirB = new TempDir();
        await using var a = await NodeProcess.StartAsync(dirA.Path, new Dictionary<string, string> { ["RON_MDNS"] = "on" }, wrapper: ["ip", "netns", "exec", lan.Namespaces[0]], bindHost: lan.Address(0));
        // B runs without mDNS: only the announcements this test forges (from the host's bridge address) name it.
        await using var b = await NodeProcess.StartAsync(dirB.Path, wrapper: ["ip", "netns", "exec", lan.Namespaces[1]], bindHost: lan.Address(1));

        var bytes = new byte[32];
        new Random(4).NextBytes(bytes);
        var impostor = PeerId.Parse(Convert.ToHexStringLower(bytes));
        var real = b.Address.PeerId!.Value;
        var addr = b.Address with { PeerId = null };

        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.Parse(lan.HostAddress).GetAddressBytes());
        void Announce(PeerId peer, string label)
        {
            var instance = new DomainName($"{label}.{MdnsTxt.ServiceName}");
            var msg = new Message { QR = true, AA = true };
            msg.Answers.Add(new PTRRecord { Name = MdnsTxt.ServiceName, DomainName = instance });
            msg.Answers.Add(new TXTRecord { Name = instance, Strings = [.. MdnsTxt.Encode(new PeerAdvert(peer, addr.WithPeer(peer)))] });
            udp.SendTo(msg.ToByteArray(), new IPEndPoint(IPAddress.Parse("224.0.0.251"), 5353));
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = new Uri($"http://{lan.Address(0)}:{a.AdminPort}/peers");
        string last = "";
        string? State(PeerId peer)
        {
            using var doc = JsonDocument.Parse(last);
            return doc.RootElement.GetProperty("peers").EnumerateArray()
                .Where(p => p.GetProperty("peer_id").GetString() == peer.ToString())
                .Select(p => p.GetProperty("state").GetString()).FirstOrDefault();
        }

        // The impostor's dial reaches B, whose certificate names another PeerId: each probe is a miss.
        await Poll.UntilAsync(
            async () =>
            {
                Announce(impostor, "impostor");
                last = await http.GetStringAsync(url);
                return State(impostor) is not null; // learnt (as suspect): it is now probed every round
            },
            Deadline,
            "the impostor advert to be learnt");

        // Control: the same forged announcement with B's real PeerId is accepted; by then the impostor
        // (same address, learnt earlier) has been probed in the same rounds and its TLS pin refused.
        await Poll.UntilAsync(
            async () =>
            {
                Announce(real, "real");
                last = await http.GetStringAsync(url);
                return State(real) == "alive";
            },
            Deadline,
            "B to become alive from a truthful announcement");
        Assert.NotEqual("alive", State(impostor));
    }

    [Fact]
    public async Task Mdns_with_hide_ip_is_refused_at_start_with_a_clear_message()
    {
        using var dir = new TempDir();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => NodeProcess.StartAsync(
            dir.Path,
            new Dictionary<string, string> { ["RON_MDNS"] = "on", ["RON_HIDE_IP"] = "true" },
            timeout: TimeSpan.FromSeconds(60)));
        Assert.Contains("mdns (RON_MDNS=on) cannot be combined with hide_ip", ex.Message, StringComparison.Ordinal);
    }
}
