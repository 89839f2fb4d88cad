using System.Net;
using System.Net.Sockets;
using RustyOnions.Testing.Tor;
using RustyOnions.Transport.Tor.Control;

namespace RustyOnions.Transport.Tor.Tests.Control;

/// <summary>The control client against a real tor (DisableNetwork 1, so it contacts nobody).</summary>
[Trait("Category", "Slow")]
public sealed class StandaloneTorControlTests
{
    private const string Password = "s3cret \"quoted\" pass";

    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task ProtocolInfo_lists_cookie_safecookie_and_password_methods()
    {
        await using var tor = await StandaloneTor.StartAsync(Password, unixSocket: false, Ct);
        await using var ctl = await TorControlClient.ConnectAsync(new TorControlOpts(tor.ControlEndPoint), Ct);
        var info = await ctl.GetProtocolInfoAsync(Ct);
        Assert.Contains(TorControlAuthMethod.Cookie, info.AuthMethods);
        Assert.Contains(TorControlAuthMethod.SafeCookie, info.AuthMethods);
        Assert.Contains(TorControlAuthMethod.HashedPassword, info.AuthMethods);
        Assert.Equal(Path.GetFullPath(tor.CookiePath), Path.GetFullPath(info.CookieFile!));
        Assert.StartsWith("0.4.", info.TorVersion, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TorControlAuthMethod.SafeCookie)]
    [InlineData(TorControlAuthMethod.Cookie)]
    [InlineData(TorControlAuthMethod.HashedPassword)]
    public async Task Each_auth_method_authenticates_and_unlocks_commands(TorControlAuthMethod method)
    {
        await using var tor = await StandaloneTor.StartAsync(Password, unixSocket: false, Ct);
        // No CookiePath: the client must use the COOKIEFILE tor names in PROTOCOLINFO.
        await using (var unauthenticated = await TorControlClient.ConnectAsync(new TorControlOpts(tor.ControlEndPoint), Ct))
        {
            var before = await Assert.ThrowsAsync<TorControlException>(() => unauthenticated.GetInfoAsync("version", Ct));
            Assert.Equal(514, before.Code); // authentication required (tor then closes that connection)
        }

        await using var ctl = await TorControlClient.ConnectAsync(new TorControlOpts(tor.ControlEndPoint) { Password = Password }, Ct);
        await ctl.AuthenticateAsync(method, Ct);
        Assert.True(ctl.IsAuthenticated);
        Assert.StartsWith("0.4.", await ctl.GetInfoAsync("version", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_fails_with_typed_515()
    {
        await using var tor = await StandaloneTor.StartAsync(Password, unixSocket: false, Ct);
        await using var ctl = await TorControlClient.ConnectAsync(tor.ControlOpts("wrong password"), Ct);
        var ex = await Assert.ThrowsAsync<TorControlException>(() => ctl.AuthenticateAsync(TorControlAuthMethod.HashedPassword, Ct));
        Assert.Equal(515, ex.Code);
        Assert.True(ex.IsAuthenticationFailure);
        Assert.False(ctl.IsAuthenticated);
    }

    [Fact]
    public async Task Wrong_cookie_fails_with_typed_515()
    {
        await using var tor = await StandaloneTor.StartAsync(null, unixSocket: false, Ct);
        var fake = Path.Combine(tor.Root, "fake_cookie");
        await File.WriteAllBytesAsync(fake, new byte[32]);
        await using var ctl = await TorControlClient.ConnectAsync(new TorControlOpts(tor.ControlEndPoint) { CookiePath = fake }, Ct);
        var ex = await Assert.ThrowsAsync<TorControlException>(() => ctl.AuthenticateAsync(TorControlAuthMethod.Cookie, Ct));
        Assert.Equal(515, ex.Code);
    }

    [Fact]
    public async Task Auto_authentication_prefers_safecookie_and_works_over_unix_socket()
    {
        await using var tor = await StandaloneTor.StartAsync(null, unixSocket: true, Ct);
        await using var ctl = await TorControlClient.ConnectAsync(new TorControlOpts(new UnixDomainSocketEndPoint(tor.ControlSocketPath!)), Ct);
        await ctl.AuthenticateAsync(Ct);
        var bootstrap = await ctl.GetBootstrapStatusAsync(Ct);
        Assert.InRange(bootstrap.Progress, 0, 100);
        Assert.False(await ctl.IsCircuitEstablishedAsync(Ct)); // DisableNetwork 1: no circuits
    }

    [Fact]
    public async Task Getinfo_and_setconf_errors_carry_tor_status_codes()
    {
        await using var tor = await StandaloneTor.StartAsync(null, unixSocket: false, Ct);
        await using var ctl = await TorControlClient.ConnectAsync(tor.ControlOpts(), Ct);
        await ctl.AuthenticateAsync(Ct);
        var unknownKey = await Assert.ThrowsAsync<TorControlException>(() => ctl.GetInfoAsync("no/such/key", Ct));
        Assert.Equal(552, unknownKey.Code);
        var unknownOption = await Assert.ThrowsAsync<TorControlException>(() => ctl.SetConfAsync("NoSuchOption", "1", Ct));
        Assert.Equal(552, unknownOption.Code);
        var badValue = await Assert.ThrowsAsync<TorControlException>(() => ctl.SetConfAsync("SocksPort", "not-a-port", Ct));
        Assert.Equal(513, badValue.Code);
        var badCommand = await Assert.ThrowsAsync<TorControlException>(() => ctl.SendCommandAsync("NOSUCHCOMMAND", Ct));
        Assert.Equal(510, badCommand.Code);
        var badKey = await Assert.ThrowsAsync<TorControlException>(() => ctl.AddOnionAsync("ED25519-V3:AAAA", [TorControlOnionPort.ToLoopback(80, 1)], TorControlOnionFlags.None, Ct));
        Assert.Equal(512, badKey.Code);
        var malformedId = await Assert.ThrowsAsync<TorControlException>(() => ctl.DelOnionAsync(new string('a', 56), Ct));
        Assert.Equal(512, malformedId.Code);
        var gone = await ctl.AddOnionAsync(null, [TorControlOnionPort.ToLoopback(80, 1)], TorControlOnionFlags.Detach | TorControlOnionFlags.DiscardPK, Ct);
        await ctl.DelOnionAsync(gone.ServiceId, Ct);
        var delUnknown = await Assert.ThrowsAsync<TorControlException>(() => ctl.DelOnionAsync(gone.ServiceId, Ct));
        Assert.Equal(552, delUnknown.Code);
        // The connection survives errors.
        Assert.NotEmpty(await ctl.GetInfoAsync("version", Ct));
    }

    [Fact]
    public async Task Setconf_changes_are_visible_and_conf_events_are_delivered()
    {
        await using var tor = await StandaloneTor.StartAsync(null, unixSocket: false, Ct);
        await using var ctl = await TorControlClient.ConnectAsync(tor.ControlOpts(), Ct);
        await ctl.AuthenticateAsync(Ct);
        await ctl.SetEventsAsync(["CONF_CHANGED"], Ct);
        await ctl.SetConfAsync("MaxCircuitDirtiness", "1234", Ct);
        var evt = await ctl.Events.ReadAsync(Ct);
        Assert.Equal("CONF_CHANGED", evt.Keyword);
        Assert.Contains(evt.Reply.Lines, l => l.Text == "MaxCircuitDirtiness=1234");
        var conf = await ctl.SendCommandAsync("GETCONF MaxCircuitDirtiness", Ct);
        Assert.Equal("MaxCircuitDirtiness=1234", conf.Text);
    }

    [Fact]
    public async Task Tor_not_running_gives_clear_connection_error()
    {
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0))
        {
            l.Start();
            port = ((IPEndPoint)l.LocalEndpoint).Port;
        }

        var ex = await Assert.ThrowsAsync<TorControlConnectionException>(
            () => TorControlClient.ConnectAsync(new TorControlOpts(new IPEndPoint(IPAddress.Loopback, port)), Ct));
        Assert.Contains("ConnectionRefused", ex.Message, StringComparison.Ordinal);
        Assert.Contains("is tor running", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tor_killed_while_connected_fails_waiting_and_later_commands()
    {
        await using var tor = await StandaloneTor.StartAsync(null, unixSocket: false, Ct);
        await using var ctl = await TorControlClient.ConnectAsync(tor.ControlOpts(), Ct);
        await ctl.AuthenticateAsync(Ct);
        Assert.NotEmpty(await ctl.GetInfoAsync("version", Ct));

        await tor.KillAsync();
        // Events completes when the read loop sees the connection drop.
        await ctl.Events.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        var ex = await Assert.ThrowsAsync<TorControlConnectionException>(() => ctl.GetInfoAsync("version", Ct));
        Assert.Contains("tor", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Onion_added_on_detached_tor_returns_key_and_same_address_on_readd()
    {
        await using var tor = await StandaloneTor.StartAsync(null, unixSocket: false, Ct);
        await using var ctl = await TorControlClient.ConnectAsync(tor.ControlOpts(), Ct);
        await ctl.AuthenticateAsync(Ct);
        var ports = new[] { TorControlOnionPort.ToLoopback(80, 8080) };
        var created = await ctl.AddOnionAsync(null, ports, TorControlOnionFlags.Detach, Ct);
        Assert.Equal(56, created.ServiceId.Length);
        Assert.StartsWith("ED25519-V3:", created.PrivateKey, StringComparison.Ordinal);
        Assert.Contains(created.ServiceId, await ctl.GetInfoAsync("onions/detached", Ct), StringComparison.Ordinal);

        await ctl.DelOnionAsync(created.ServiceId, Ct);
        Assert.DoesNotContain(created.ServiceId, await ctl.GetInfoAsync("onions/detached", Ct), StringComparison.Ordinal);

        var again = await ctl.AddOnionAsync(created.PrivateKey, ports, TorControlOnionFlags.Detach, Ct);
        Assert.Equal(created.ServiceId, again.ServiceId);
        Assert.Null(again.PrivateKey);

        var discarded = await ctl.AddOnionAsync(null, ports, TorControlOnionFlags.DiscardPK, Ct);
        Assert.Null(discarded.PrivateKey);
    }
}
