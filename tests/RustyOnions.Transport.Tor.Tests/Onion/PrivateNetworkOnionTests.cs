using System.Net;
using System.Buffers;
using RustyOnions.Testing.Tor;
using RustyOnions.Transport.Tor.Control;
using RustyOnions.Transport.Tor.Onion;
using RustyOnions.Transport.Tor.Socks;
using RustyOnions.Transport.Tor.Tests.Support;
using Xunit.Abstractions;

namespace RustyOnions.Transport.Tor.Tests.Onion;

/// <summary>End-to-end tests on one shared private Tor network (real tor processes on loopback).</summary>
[Collection(TorNetworkCollection.Name)]
[Trait("Category", "Slow")]
public sealed class PrivateNetworkOnionTests(TorNetworkFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Reach = TimeSpan.FromSeconds(60);

    private PrivateTorNetwork Net => fixture.Network;

    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token;

    private async Task<TorControlClient> ControlAsync()
    {
        var ctl = await TorControlClient.ConnectAsync(Net.ControlOpts, Ct);
        await ctl.AuthenticateAsync(Ct);
        return ctl;
    }

    [Fact]
    public async Task Client_tor_is_bootstrapped_with_circuits_and_socks_listener()
    {
        await using var ctl = await ControlAsync();
        var status = await ctl.GetBootstrapStatusAsync(Ct);
        Assert.Equal(100, status.Progress);
        Assert.Equal("done", status.Tag);
        Assert.True(await ctl.IsCircuitEstablishedAsync(Ct));
        Assert.Equal([Net.SocksEndPoint.ToString()], await ctl.GetSocksListenersAsync(Ct));
        output.WriteLine($"private network bootstrapped in {Net.StartupTime.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task Added_onion_is_reachable_through_socks_and_exchanges_bytes()
    {
        await using var echo = new EchoServer();
        await using var ctl = await ControlAsync();
        await ctl.AddEventsAsync(["HS_DESC"], Ct);
        var service = await ctl.AddOnionAsync(null, [TorControlOnionPort.ToLoopback(80, echo.Port)], TorControlOnionFlags.Detach, Ct);
        try
        {
            // HS_DESC UPLOADED events arrive for our address (events delivered while commands ran).
            var uploaded = await ReadUploadAsync(ctl, service.ServiceId);
            Assert.StartsWith("$", uploaded.HsDir, StringComparison.Ordinal);

            var dialer = new Socks5Dialer(new Socks5Opts(Net.SocksEndPoint, "tenant-a", "x"));
            await using var stream = await Deadline.DialWithRetryAsync(dialer, service.OnionAddress, 80, Reach, Ct);
            var payload = new byte[64 * 1024];
            new Random(42).NextBytes(payload);
            var write = stream.WriteAsync(payload, Ct).AsTask();
            var back = new byte[payload.Length];
            await stream.ReadExactlyAsync(back, Ct);
            await write;
            Assert.Equal(payload, back);
            Assert.True(echo.Accepted >= 1);
        }
        finally
        {
            await ctl.DelOnionAsync(service.ServiceId, Ct);
        }
    }

    [Fact]
    public async Task Connection_factory_reaches_onion_as_pipe_connection()
    {
        await using var echo = new EchoServer();
        await using var ctl = await ControlAsync();
        var service = await ctl.AddOnionAsync(null, [TorControlOnionPort.ToLoopback(7000, echo.Port)], TorControlOnionFlags.Detach, Ct);
        try
        {
            var opts = new Socks5Opts(Net.SocksEndPoint, "tenant-b", "y");
            await (await Deadline.DialWithRetryAsync(new Socks5Dialer(opts), service.OnionAddress, 7000, Reach, Ct)).DisposeAsync();
            using var factory = new Socks5ConnectionFactory(opts);
            await using var conn = await factory.ConnectAsync(new DnsEndPoint(service.OnionAddress, 7000), Ct);
            await conn.Transport.Output.WriteAsync("over pipes"u8.ToArray(), Ct);
            var got = new List<byte>();
            while (got.Count < 10)
            {
                var r = await conn.Transport.Input.ReadAsync(Ct);
                got.AddRange(r.Buffer.ToArray());
                conn.Transport.Input.AdvanceTo(r.Buffer.End);
            }

            Assert.Equal("over pipes"u8.ToArray(), got.ToArray());
        }
        finally
        {
            await ctl.DelOnionAsync(service.ServiceId, Ct);
        }
    }

    [Fact]
    public async Task Publisher_creates_key_publishes_and_removes_on_dispose_and_stored_key_keeps_address()
    {
        await using var echo = new EchoServer();
        await using var ctl = await ControlAsync();
        var opts = new OnionServiceOpts([TorControlOnionPort.ToLoopback(443, echo.Port)]) { MinUploads = 2 };
        string address;
        string key;
        await using (var publisher = await OnionServicePublisher.StartAsync(ctl, opts, Ct))
        {
            Assert.True(publisher.KeyWasCreated);
            address = publisher.OnionAddress;
            key = publisher.PrivateKey;
            await publisher.WaitPublishedAsync(Ct);
            Assert.Equal(OnionServiceState.Published, publisher.State);
            Assert.True(publisher.UploadCount >= 2);
            Assert.Contains(publisher.ServiceId, await ctl.GetInfoAsync("onions/detached", Ct), StringComparison.Ordinal);

            var dialer = new Socks5Dialer(new Socks5Opts(Net.SocksEndPoint, "tenant-c", "z"));
            await using var s = await Deadline.DialWithRetryAsync(dialer, address, 443, Reach, Ct);
            s.WriteByte(7);
            Assert.Equal(7, s.ReadByte());
        }

        Assert.DoesNotContain(address[..56], await ctl.GetInfoAsync("onions/detached", Ct), StringComparison.Ordinal);

        await using var again = await OnionServicePublisher.StartAsync(ctl, opts with { PrivateKey = key }, Ct);
        Assert.False(again.KeyWasCreated);
        Assert.Equal(address, again.OnionAddress);
        Assert.Equal(key, again.PrivateKey);
        await again.WaitPublishedAsync(Ct);
    }

    [Fact]
    public async Task Publisher_republishes_when_uploads_do_not_arrive_in_time()
    {
        await using var echo = new EchoServer();
        await using var ctl = await ControlAsync();
        // More uploads than a 4-HSDir network ever makes in 3 s: the watchdog must re-add the service.
        var opts = new OnionServiceOpts([TorControlOnionPort.ToLoopback(80, echo.Port)]) { MinUploads = 1000, RepublishAfter = TimeSpan.FromSeconds(3) };
        await using var publisher = await OnionServicePublisher.StartAsync(ctl, opts, Ct);
        var id = publisher.ServiceId;
        var end = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (publisher.RepublishCount < 1 && DateTime.UtcNow < end)
        {
            await Task.Delay(100, Ct);
        }

        Assert.True(publisher.RepublishCount >= 1);
        Assert.Equal(id, publisher.ServiceId);
        Assert.Equal(OnionServiceState.Publishing, publisher.State);

        // Re-added with the same key; poll because the next republish cycle may be mid DEL/ADD.
        var listed = false;
        while (!listed && DateTime.UtcNow < end + TimeSpan.FromSeconds(10))
        {
            listed = (await ctl.GetInfoAsync("onions/detached", Ct)).Contains(id, StringComparison.Ordinal);
            if (!listed)
            {
                await Task.Delay(100, Ct);
            }
        }

        Assert.True(listed, "the republished service is not listed in onions/detached");
    }

    [Fact]
    public async Task Unpublished_valid_onion_fails_with_typed_onion_error()
    {
        // A valid v3 address that was never published: made by a tor that has no network.
        await using var lone = await StandaloneTor.StartAsync(null, unixSocket: false, Ct);
        string onion;
        await using (var loneCtl = await TorControlClient.ConnectAsync(lone.ControlOpts(), Ct))
        {
            await loneCtl.AuthenticateAsync(Ct);
            onion = (await loneCtl.AddOnionAsync(null, [TorControlOnionPort.ToLoopback(80, 9)], TorControlOnionFlags.DiscardPK, Ct)).OnionAddress;
        }

        var dialer = new Socks5Dialer(new Socks5Opts(Net.SocksEndPoint, "tenant-d", "w"));
        var ex = await Assert.ThrowsAsync<SocksException>(() => dialer.ConnectAsync(onion, 80, Ct));
        output.WriteLine(ex.Message);
        Assert.Contains(ex.Reply, new SocksReply?[] { SocksReply.OnionDescriptorNotFound, SocksReply.OnionIntroFailed, SocksReply.OnionIntroTimedOut });
        Assert.Contains(onion, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_onion_address_fails_with_bad_address()
    {
        var dialer = new Socks5Dialer(new Socks5Opts(Net.SocksEndPoint, "tenant-e", "v"));
        var ex = await Assert.ThrowsAsync<SocksException>(() => dialer.ConnectAsync(new string('a', 56) + ".onion", 80, Ct));
        Assert.Equal(SocksReply.OnionBadAddress, ex.Reply);
    }

    [Fact]
    public async Task Onion_whose_local_target_is_closed_fails_with_typed_reply()
    {
        int closedPort;
        await using (var tmp = new EchoServer())
        {
            closedPort = tmp.Port;
        }

        await using var echo = new EchoServer();
        await using var ctl = await ControlAsync();
        var service = await ctl.AddOnionAsync(null,
            [TorControlOnionPort.ToLoopback(80, echo.Port), TorControlOnionPort.ToLoopback(81, closedPort)], TorControlOnionFlags.Detach, Ct);
        try
        {
            var dialer = new Socks5Dialer(new Socks5Opts(Net.SocksEndPoint, "tenant-f", "u"));
            await (await Deadline.DialWithRetryAsync(dialer, service.OnionAddress, 80, Reach, Ct)).DisposeAsync();
            var refused = await Assert.ThrowsAsync<SocksException>(() => dialer.ConnectAsync(service.OnionAddress, 81, Ct));
            output.WriteLine(refused.Message);
            // Tor 0.4.9 reports a refused local target as 0x01; the exact code is tor's choice.
            Assert.True(refused.Reply is SocksReply.GeneralFailure or SocksReply.ConnectionRefused, refused.Message);
            var unmapped = await Assert.ThrowsAsync<SocksException>(() => dialer.ConnectAsync(service.OnionAddress, 82, Ct));
            output.WriteLine(unmapped.Message);
            Assert.Equal(SocksReply.ConnectionRefused, unmapped.Reply);

            // The mapped port still works after those failures.
            await using var ok = await dialer.ConnectAsync(service.OnionAddress, 80, Ct);
            ok.WriteByte(1);
            Assert.Equal(1, ok.ReadByte());
        }
        finally
        {
            await ctl.DelOnionAsync(service.ServiceId, Ct);
        }
    }

    private static async Task<TorControlHsDescEvent> ReadUploadAsync(TorControlClient ctl, string serviceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var evt = await ctl.Events.ReadAsync(timeout.Token);
            if (TorControlHsDescEvent.TryParse(evt) is { Action: "UPLOADED" } hs && hs.Address == serviceId)
            {
                return hs;
            }
        }
    }
}
