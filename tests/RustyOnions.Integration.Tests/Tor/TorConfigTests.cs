using System.Net;
using System.Net.Sockets;
using RustyOnions.Node.Config;
using RustyOnions.Node.Tor;
using RustyOnions.Testing;

namespace RustyOnions.Integration.Tests.Tor;

/// <summary>The tor settings: parsing, privacy-mode rules, key storage and the HELLO field (no tor needed).</summary>
public sealed class TorConfigTests
{
    private static NodeOpts Load(params (string Key, string Value)[] env)
    {
        var map = env.ToDictionary(e => e.Key, e => e.Value);
        return NodeConfigLoader.Load(null, new Dictionary<string, string?> { ["data_dir"] = "/tmp/x" }, k => map.GetValueOrDefault(k));
    }

    [Fact]
    public void Defaults_are_tls_only_with_standard_tor_ports()
    {
        var o = Load().Tor;
        Assert.Equal(["tls"], o.Transports);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9051), o.Control);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9050), o.Socks);
        Assert.Equal(9443, o.OnionPort);
        Assert.False(o.HideIp);
    }

    [Fact]
    public void Environment_sets_every_tor_key()
    {
        var o = Load(("RON_TRANSPORTS", "tls, TOR"), ("RON_TOR_CONTROL", "unix:/run/tor/control"), ("RON_TOR_CONTROL_PASSWORD", "pw"), ("RON_TOR_SOCKS", "127.0.0.1:19050"), ("RON_ONION_PORT", "443")).Tor;
        Assert.Equal(["tls", "tor"], o.Transports);
        Assert.Equal("/run/tor/control", Assert.IsType<UnixDomainSocketEndPoint>(o.Control).ToString());
        Assert.Equal("pw", o.ControlPassword);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 19050), o.Socks);
        Assert.Equal(443, o.OnionPort);
    }

    [Fact]
    public void Bad_values_give_one_message_each()
    {
        var e = Assert.Throws<NodeConfigException>(() => Load(("RON_TRANSPORTS", "tls,i2p"), ("RON_ONION_PORT", "x"), ("RON_HIDE_IP", "maybe"), ("RON_TOR_SOCKS", "nowhere")));
        Assert.Contains("transports (RON_TRANSPORTS) must be 'tls', 'tor' or 'tls,tor', got 'tls,i2p'", e.Message, StringComparison.Ordinal);
        Assert.Contains("onion_port (RON_ONION_PORT) must be a port number, got 'x'", e.Message, StringComparison.Ordinal);
        Assert.Contains("hide_ip (RON_HIDE_IP) must be true/false/1/0, got 'maybe'", e.Message, StringComparison.Ordinal);
        Assert.Contains("tor_socks (RON_TOR_SOCKS) must be ip:port", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Privacy_mode_lists_every_leak()
    {
        var e = Assert.Throws<NodeConfigException>(() => Load(("RON_HIDE_IP", "1"), ("RON_OAP_ADDR", "0.0.0.0:9443"), ("RON_ADMIN_ADDR", "10.0.0.1:9096"), ("RON_TOR_SOCKS", "10.0.0.2:9050")));
        Assert.Contains("needs transports=tor", e.Message, StringComparison.Ordinal);
        Assert.Contains("refuses the clearnet listener oap_listen=0.0.0.0:9443", e.Message, StringComparison.Ordinal);
        Assert.Contains("refuses the clearnet listener admin_listen=10.0.0.1:9096", e.Message, StringComparison.Ordinal);
        Assert.Contains("refuses tor_socks=10.0.0.2:9050", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Privacy_mode_accepts_a_loopback_tor_node()
    {
        var o = Load(("RON_HIDE_IP", "true"), ("RON_TRANSPORTS", "tor"));
        Assert.True(o.Tor.HideIp);
        Assert.False(o.Tor.TlsEnabled);
    }

    [Fact]
    public void Privacy_mode_refuses_clearnet_bootstrap_peers_and_accepts_onion_ones()
    {
        const string Peer = "e754396edf356cad0e632561c950a44a3f905ce09000743484741dc091886842";
        var onion = $"tor://pjkpykvq2pn6ctv6zbr5xlxkuvugdihbc74bs5nwbs6ce4y3dguckwad.onion:9443#{Peer}";
        var e = Assert.Throws<NodeConfigException>(() => Load(("RON_HIDE_IP", "1"), ("RON_TRANSPORTS", "tor"), ("RON_BOOTSTRAP", $"{onion},tls://127.0.0.1:9443#{Peer}")));
        Assert.Contains($"privacy mode (hide_ip / RON_HIDE_IP) refuses the clearnet bootstrap peer tls://127.0.0.1:9443#{Peer}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(onion, e.Message, StringComparison.Ordinal);

        Assert.Single(Load(("RON_HIDE_IP", "1"), ("RON_TRANSPORTS", "tor"), ("RON_BOOTSTRAP", onion)).Bootstrap);
        Assert.Equal(2, Load(("RON_TRANSPORTS", "tls,tor"), ("RON_BOOTSTRAP", $"{onion},tls://127.0.0.1:9443")).Bootstrap.Count);
    }

    [Fact]
    public void Onion_gateways_need_tor_known_names_and_a_loopback_gateway()
    {
        var o = Load(("RON_TRANSPORTS", "tor"), ("RON_ONION_GATEWAYS", "ipfs, S3"), ("RON_IPFS_GATEWAY_ADDR", "127.0.0.1:18080"), ("RON_S3_ADDR", "127.0.0.1:19000"));
        Assert.Equal(["ipfs", "s3"], o.Tor.OnionGateways);
        var ports = OnionGateways.Ports(o.Tor, 18080, 19000);
        Assert.Equal([(80, "127.0.0.1:18080"), (9000, "127.0.0.1:19000")], ports.Select(p => (p.VirtualPort, p.Target)));

        var e = Assert.Throws<NodeConfigException>(() => Load(("RON_ONION_GATEWAYS", "ipfs,ftp"), ("RON_IPFS_GATEWAY_ADDR", "127.0.0.1:18080")));
        Assert.Contains("onion_gateways (RON_ONION_GATEWAYS) lists 'ftp'; known gateways are ipfs, s3", e.Message, StringComparison.Ordinal);
        Assert.Contains("onion_gateways (RON_ONION_GATEWAYS) lists 'ipfs' but tor is not among the transports", e.Message, StringComparison.Ordinal);

        e = Assert.Throws<NodeConfigException>(() => Load(("RON_TRANSPORTS", "tls,tor"), ("RON_ONION_GATEWAYS", "s3"), ("RON_S3_ADDR", "10.1.2.3:9000")));
        Assert.Contains("lists 's3' but s3_listen (RON_S3_ADDR)=10.1.2.3:9000 is not reachable on loopback", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tor_only_node_needs_a_loopback_oap_listener()
    {
        var e = Assert.Throws<NodeConfigException>(() => Load(("RON_TRANSPORTS", "tor"), ("RON_OAP_ADDR", "0.0.0.0:9443")));
        Assert.Contains("oap_listen must be a loopback address", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_key_store_round_trips_and_rejects_garbage()
    {
        using var dir = new TempDir("ron-onionkey");
        var store = new FileOnionKeyStore(dir.Path);
        Assert.Null(store.Load());
        store.Save("ED25519-V3:abcd");
        Assert.Equal("ED25519-V3:abcd", new FileOnionKeyStore(dir.Path).Load());
        File.WriteAllText(store.KeyPath, "garbage");
        Assert.Throws<InvalidDataException>(() => store.Load());
    }
}
