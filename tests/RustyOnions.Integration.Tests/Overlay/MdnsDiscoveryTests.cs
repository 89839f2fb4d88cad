using System.Text.Json;
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
                $"node {i} to see the other node alive via mDNS (last /peers: {last})");
        }
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
