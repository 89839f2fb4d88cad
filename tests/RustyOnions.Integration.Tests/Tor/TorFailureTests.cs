using System.Net.Http.Json;
using System.Text.Json;
using RustyOnions.Sdk;
using RustyOnions.Sdk.Errors;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;
using RustyOnions.Testing.Tor;
using RustyOnions.Transport.Tor.Control;
using RustyOnions.Transport.Tor.Socks;
using Xunit.Abstractions;

namespace RustyOnions.Integration.Tests.Tor;

/// <summary>
/// Control-port and SOCKS failures: clear errors, TLS keeps serving unless privacy mode forbids it,
/// and the onion address survives a restart.
/// </summary>
[Collection(TorNodeCollection.Name)]
[Trait("Category", "Slow")]
public sealed class TorFailureTests(TorNodeFixture fx, ITestOutputHelper output)
{
    [Fact]
    public async Task Restarted_node_keeps_its_onion_address()
    {
        using var dir = new TempDir("ron-tor-restart");
        NodeAddressPair first, second;
        await using (var node = await NodeProcess.StartAsync(dir.Combine("data"), TorNodeFixture.TorEnv(fx.Network, "tls,tor")))
        {
            first = new(await node.WaitOnionAsync(TimeSpan.FromSeconds(90)), node.Address);
            await node.StopAsync();
        }

        var keyFile = dir.Combine("data", "tor", "onion_ed25519_v3.key");
        Assert.True(File.Exists(keyFile), "the onion key is stored in the data dir");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
        await using (var node = await NodeProcess.StartAsync(dir.Combine("data"), TorNodeFixture.TorEnv(fx.Network, "tls,tor")))
        {
            second = new(await node.WaitOnionAsync(TimeSpan.FromSeconds(90)), node.Address);
            await using var client = await fx.ConnectOnionAsync(second.Onion);
            Assert.Equal(["tls", "tor"], client.Hello.Transports);
        }

        Assert.Equal(first.Onion, second.Onion);
        Assert.NotEqual(fx.Onion, first.Onion);
    }

    [Fact]
    public async Task Wrong_control_password_keeps_tls_serving_and_readyz_names_the_problem()
    {
        // A tor that offers HASHEDPASSWORD (a cookie-only tor ignores the password: cookie auth is used).
        await using var tor1 = await StandaloneTor.StartAsync("the-password", unixSocket: false, CancellationToken.None);
        using var dir = new TempDir("ron-tor-pw");
        var env = TorNodeFixture.TorEnv(fx.Network, "tls,tor");
        env["RON_TOR_CONTROL"] = tor1.ControlEndPoint.ToString();
        env["RON_TOR_CONTROL_PASSWORD"] = "not-the-password";
        await using var node = await NodeProcess.StartAsync(dir.Combine("data"), env);
        var tor = await WaitTorStateAsync(node, "failed");
        Assert.Contains("refused authentication", tor.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("tor_control_password", tor.GetProperty("error").GetString(), StringComparison.Ordinal);
        await AssertTlsServesAsync(node);
    }

    [Fact]
    public async Task Tor_not_running_keeps_tls_serving_and_readyz_reports_it()
    {
        using var dir = new TempDir("ron-tor-down");
        var env = TorNodeFixture.TorEnv(fx.Network, "tls,tor");
        env["RON_TOR_CONTROL"] = TorNodeFixture.Loopback(PortAllocator.Next());
        await using var node = await NodeProcess.StartAsync(dir.Combine("data"), env);
        var tor = await WaitTorStateAsync(node, "failed");
        Assert.Contains("cannot reach tor's control port", tor.GetProperty("error").GetString(), StringComparison.Ordinal);
        await AssertTlsServesAsync(node);
    }

    [Fact]
    public async Task Tor_only_node_without_tor_is_not_ready()
    {
        using var dir = new TempDir("ron-tor-only-down");
        var env = TorNodeFixture.TorEnv(fx.Network, "tor");
        env["RON_TOR_CONTROL"] = TorNodeFixture.Loopback(PortAllocator.Next());
        await using var node = await NodeProcess.StartAsync(dir.Combine("data"), env);
        await WaitTorStateAsync(node, "failed");
        using var http = new HttpClient();
        using var r = await http.GetAsync(new Uri(node.AdminUri, "readyz"));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, r.StatusCode);
        Assert.StartsWith("tor_not_published", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tor_killed_while_running_is_reported_and_tls_keeps_serving()
    {
        await using var lone = await StandaloneTor.StartAsync(null, unixSocket: false, CancellationToken.None);
        using var dir = new TempDir("ron-tor-killed");
        var env = TorNodeFixture.TorEnv(fx.Network, "tls,tor");
        env["RON_TOR_CONTROL"] = lone.ControlEndPoint.ToString();
        await using var node = await NodeProcess.StartAsync(dir.Combine("data"), env);
        await WaitTorStateAsync(node, "publishing"); // that tor has no network: it never uploads
        await lone.KillAsync();
        var tor = await WaitTorStateAsync(node, "failed");
        output.WriteLine(tor.ToString());
        Assert.Matches("lost tor's control connection|cannot reach tor's control port", tor.GetProperty("error").GetString());
        await AssertTlsServesAsync(node);
    }

    [Fact]
    public async Task Privacy_mode_node_keeps_running_unready_when_tor_dies_and_never_falls_back_to_clearnet()
    {
        await using var lone = await StandaloneTor.StartAsync(null, unixSocket: false, CancellationToken.None);
        using var dir = new TempDir("ron-hide-killed");
        var env = TorNodeFixture.TorEnv(fx.Network, "tor");
        env["RON_TOR_CONTROL"] = lone.ControlEndPoint.ToString();
        env["RON_HIDE_IP"] = "1";
        await using var node = await NodeProcess.StartAsync(dir.Combine("data"), env);
        await WaitTorStateAsync(node, "publishing");
        await lone.KillAsync();
        var tor = await WaitTorStateAsync(node, "failed");
        output.WriteLine(tor.ToString());
        Assert.Matches("lost tor's control connection|cannot reach tor's control port", tor.GetProperty("error").GetString());

        using var http = new HttpClient();
        using var r = await http.GetAsync(new Uri(node.AdminUri, "readyz"));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, r.StatusCode);
        Assert.StartsWith("tor_not_published", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString(), StringComparison.Ordinal);

        // Still up for local clients on its loopback listener (privacy mode allows nothing else).
        Assert.Equal("127.0.0.1", node.Address.Host);
        await AssertTlsServesAsync(node);
    }

    [Fact]
    public async Task Privacy_mode_refuses_to_start_without_tor()
    {
        using var dir = new TempDir("ron-hide-notor");
        var r = await RonCli.RunAsync(["node", "run", "--data", dir.Combine("data"), "--oap", TorNodeFixture.Loopback(PortAllocator.Next()), "--admin", TorNodeFixture.Loopback(PortAllocator.Next())], new Dictionary<string, string>
        {
            ["RON_TRANSPORTS"] = "tor",
            ["RON_HIDE_IP"] = "1",
            ["RON_TOR_CONTROL"] = TorNodeFixture.Loopback(PortAllocator.Next()),
        }, TimeSpan.FromSeconds(60));
        output.WriteLine(r.Stderr);
        Assert.Equal(1, r.ExitCode);
        Assert.DoesNotContain("\"listening\"", r.Stdout, StringComparison.Ordinal);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("privacy mode (hide_ip) refuses to start without tor: cannot reach tor's control port", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Privacy_mode_refuses_a_clearnet_listener()
    {
        using var dir = new TempDir("ron-hide-clearnet");
        var port = PortAllocator.Next();
        var r = await RonCli.RunAsync(["node", "run", "--data", dir.Combine("data"), "--oap", $"0.0.0.0:{port}", "--admin", TorNodeFixture.Loopback(PortAllocator.Next())], new Dictionary<string, string>
        {
            ["RON_TRANSPORTS"] = "tls,tor",
            ["RON_HIDE_IP"] = "1",
            ["RON_TOR_CONTROL"] = fx.Network.ControlEndPoint.ToString(),
        }, TimeSpan.FromSeconds(60));
        output.WriteLine(r.Stderr);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"privacy mode (hide_ip / RON_HIDE_IP) refuses the clearnet listener oap_listen=0.0.0.0:{port}", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\"listening\"", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_onion_is_a_RonException_wrapping_a_typed_SocksException()
    {
        // A valid v3 address that was never published: made by a tor that has no network.
        await using var lone = await StandaloneTor.StartAsync(null, unixSocket: false, CancellationToken.None);
        string onion;
        await using (var ctl = await TorControlClient.ConnectAsync(lone.ControlOpts(), CancellationToken.None))
        {
            await ctl.AuthenticateAsync(CancellationToken.None);
            onion = (await ctl.AddOnionAsync(null, [TorControlOnionPort.ToLoopback(9443, 9)], TorControlOnionFlags.DiscardPK, CancellationToken.None)).OnionAddress;
        }

        var address = RustyOnions.Proto.Addressing.NodeAddress.Parse($"tor://{onion}:9443#{fx.Onion.PeerId}");
        var e = await Assert.ThrowsAsync<RonException>(() => RonClient.ConnectAsync(fx.ClientOpts(address)));
        output.WriteLine(e.Message);
        var socks = Assert.IsType<SocksException>(e.InnerException);
        Assert.Contains(socks.Reply, new SocksReply?[] { SocksReply.OnionDescriptorNotFound, SocksReply.OnionIntroFailed, SocksReply.OnionIntroTimedOut });
        Assert.Contains(onion, e.Message, StringComparison.Ordinal);
        Assert.Contains("through tor's SOCKS port", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_socks_port_is_a_RonException_wrapping_a_SocksException()
    {
        var opts = fx.ClientOpts(fx.Onion) with { TorSocks = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, PortAllocator.Next()) };
        var e = await Assert.ThrowsAsync<RonException>(() => RonClient.ConnectAsync(opts));
        output.WriteLine(e.Message);
        var socks = Assert.IsType<SocksException>(e.InnerException);
        Assert.Null(socks.Reply);
        Assert.Contains(opts.TorSocks.ToString()!, e.Message, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> WaitTorStateAsync(NodeProcess node, string state)
    {
        using var http = new HttpClient();
        JsonElement last = default;
        try
        {
            await Poll.UntilAsync(
            async () =>
            {
                using var r = await http.GetAsync(new Uri(node.AdminUri, "readyz"));
                var body = await r.Content.ReadFromJsonAsync<JsonElement>();
                if (body.TryGetProperty("tor", out var tor))
                {
                    last = tor.Clone();
                    return tor.GetProperty("state").GetString() == state;
                }

                return false;
            },
            TimeSpan.FromSeconds(60),
            $"readyz tor.state = {state}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; last tor status: {last}; node output:\n{node.Output}", e);
        }

        return last;
    }

    private static async Task AssertTlsServesAsync(NodeProcess node)
    {
        Assert.True(node.IsRunning);
        await using var client = await RonClient.ConnectAsync(new RonClientOpts { Node = node.Address });
        var back = await client.EchoAsync("still serving TLS"u8.ToArray());
        Assert.Equal("still serving TLS"u8.ToArray(), back);
    }

    private sealed record NodeAddressPair(RustyOnions.Proto.Addressing.NodeAddress Onion, RustyOnions.Proto.Addressing.NodeAddress Tls);
}
