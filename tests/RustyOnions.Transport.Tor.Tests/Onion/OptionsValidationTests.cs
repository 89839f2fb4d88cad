using System.Net;
using RustyOnions.Transport.Tor.Control;
using RustyOnions.Transport.Tor.Onion;

namespace RustyOnions.Transport.Tor.Tests.Onion;

public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("10.0.0.5:80")]
    [InlineData("example.com:443")]
    [InlineData("0.0.0.0:80")]
    public void Onion_targets_off_loopback_are_refused(string target)
    {
        var opts = new OnionServiceOpts([new TorControlOnionPort(80, target)]);
        var ex = Assert.Throws<ArgumentException>(opts.Validate);
        Assert.Contains("loopback", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:80")]
    [InlineData("[::1]:80")]
    [InlineData("unix:/run/ron/oap.sock")]
    public void Onion_targets_on_loopback_are_accepted(string target) =>
        new OnionServiceOpts([new TorControlOnionPort(80, target)]).Validate();

    [Fact]
    public void Onion_opts_need_ports_and_positive_settings()
    {
        Assert.Throws<ArgumentException>(new OnionServiceOpts([]).Validate);
        var ok = new OnionServiceOpts([TorControlOnionPort.ToLoopback(80, 8080)]);
        Assert.Throws<ArgumentException>((ok with { MinUploads = 0 }).Validate);
        Assert.Throws<ArgumentException>((ok with { RepublishAfter = TimeSpan.Zero }).Validate);
    }

    [Fact]
    public void Control_opts_reject_bad_bounds_and_password_newlines()
    {
        var ep = new IPEndPoint(IPAddress.Loopback, 9051);
        Assert.Throws<ArgumentException>(new TorControlOpts(ep) { MaxLineLength = 10 }.Validate);
        Assert.Throws<ArgumentException>(new TorControlOpts(ep) { MaxReplyBytes = 1000 }.Validate);
        Assert.Throws<ArgumentException>(new TorControlOpts(ep) { Password = "a\nb" }.Validate);
        Assert.Throws<ArgumentException>(new TorControlOpts(ep) { ConnectTimeout = TimeSpan.Zero }.Validate);
        new TorControlOpts(ep).Validate();
    }

    [Fact]
    public async Task Add_onion_refuses_malformed_stored_key_before_sending()
    {
        // No server needed: validation happens before any I/O.
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        await using var ctl = await TorControlClient.ConnectAsync(new TorControlOpts((IPEndPoint)listener.LocalEndpoint), CancellationToken.None);
        await Assert.ThrowsAsync<ArgumentException>(() => ctl.AddOnionAsync("RSA1024:abc", [TorControlOnionPort.ToLoopback(80, 1)], TorControlOnionFlags.None, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => ctl.AddOnionAsync(null, [], TorControlOnionFlags.None, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ctl.AddOnionAsync(null, [new TorControlOnionPort(0, "127.0.0.1:1")], TorControlOnionFlags.None, CancellationToken.None));
    }
}
