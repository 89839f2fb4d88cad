using System.Text.Json;
using RustyOnions.Node.Config;
using RustyOnions.Node.Overlay.Mdns;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Proto.Addressing;
using RustyOnions.Testing;

namespace RustyOnions.Node.Tests.Overlay;

public sealed class MdnsTxtTests
{
    private static JsonElement Vectors() =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("specs", "vectors", "overlay", "mdns-txt.json"))).RootElement;

    private static string[] Txt(JsonElement v) => [.. v.GetProperty("txt").EnumerateArray().Select(s => s.GetString()!)];

    [Fact]
    public void Valid_vectors_parse_to_the_pinned_advert()
    {
        foreach (var v in Vectors().GetProperty("valid").EnumerateArray())
        {
            Assert.True(MdnsTxt.TryParse(Txt(v), out var advert, out var error), error);
            Assert.Equal(v.GetProperty("peer").GetString(), advert.Peer.ToString());
            Assert.Equal(v.GetProperty("addr").GetString(), advert.Address.ToString());
        }
    }

    [Fact]
    public void Malformed_vectors_are_refused_with_the_reason()
    {
        var count = 0;
        foreach (var v in Vectors().GetProperty("invalid").EnumerateArray())
        {
            Assert.False(MdnsTxt.TryParse(Txt(v), out var advert, out var error), string.Join(' ', Txt(v)));
            Assert.Null(advert);
            Assert.Contains(v.GetProperty("error").GetString()!, error, StringComparison.Ordinal);
            count++;
        }

        Assert.True(count >= 10);
    }

    [Fact]
    public void Encode_round_trips_and_drops_the_pin_from_addr()
    {
        var peer = PeerId.Parse("775388a24c7c7195a1d7bb747324e81237758498dd45e45948aab896b4535d13");
        var self = new PeerAdvert(peer, NodeAddress.Parse("tls://10.77.1.2:9443").WithPeer(peer));
        var txt = MdnsTxt.Encode(self);
        Assert.Equal(["v=1", $"peer={peer}", "addr=tls://10.77.1.2:9443"], txt);
        Assert.True(MdnsTxt.TryParse(txt, out var back, out _));
        Assert.Equal(self, back);
    }

    [Fact]
    public void Encode_refuses_an_onion_address()
    {
        var peer = PeerId.Parse("775388a24c7c7195a1d7bb747324e81237758498dd45e45948aab896b4535d13");
        var onion = NodeAddress.Parse($"tor://{new string('a', 56)}.onion:9443");
        Assert.Throws<ArgumentException>(() => MdnsTxt.Encode(new PeerAdvert(peer, onion)));
    }

    private static NodeOpts Load(Dictionary<string, string> env) =>
        NodeConfigLoader.Load(null, new Dictionary<string, string?> { ["data_dir"] = "/tmp/x" }, name => env.GetValueOrDefault(name));

    [Fact]
    public void Mdns_is_off_by_default_and_on_with_RON_MDNS()
    {
        Assert.False(Load([]).Mdns);
        Assert.True(Load(new() { ["RON_MDNS"] = "on" }).Mdns);
        Assert.False(Load(new() { ["RON_MDNS"] = "off" }).Mdns);
    }

    [Fact]
    public void Mdns_with_a_bad_value_is_refused()
    {
        var e = Assert.Throws<NodeConfigException>(() => Load(new() { ["RON_MDNS"] = "maybe" }));
        Assert.Contains("mdns (RON_MDNS) 'maybe' is not on or off", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mdns_with_hide_ip_is_refused_at_start()
    {
        var e = Assert.Throws<NodeConfigException>(() => Load(new() { ["RON_MDNS"] = "on", ["RON_HIDE_IP"] = "true" }));
        Assert.Contains("mdns (RON_MDNS=on) cannot be combined with hide_ip", e.Message, StringComparison.Ordinal);
    }
}
