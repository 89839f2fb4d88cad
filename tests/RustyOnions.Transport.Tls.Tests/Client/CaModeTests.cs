using System.Net;
using System.Security.Cryptography.X509Certificates;
using RustyOnions.Proto.Addressing;
using RustyOnions.Transport.Tls.Certificates;
using RustyOnions.Transport.Tls.Client;
using RustyOnions.Transport.Tls.Identity;
using RustyOnions.Transport.Tls.Server;
using RustyOnions.Transport.Tls.Tests.Support;

namespace RustyOnions.Transport.Tls.Tests.Client;

/// <summary>Unpinned addresses: the server certificate must chain to a trusted root and match the host.</summary>
public sealed class CaModeTests
{
    private static CancellationToken Deadline => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    [Fact]
    public async Task Ca_issued_server_is_accepted_when_its_root_is_trusted()
    {
        using var ca = TestCertificates.CreateCa("RON Test CA");
        using var leaf = TestCertificates.IssueServer(ca, ["localhost"], [IPAddress.Loopback]);
        using var id = NodeIdentity.CreateEphemeral();
        await using var server = await TlsTestServer.StartAsync(id, new RonTlsServerOpts { Certificate = leaf });
        var ct = Deadline;
        var opts = new TlsDialOpts { TrustedRoots = [TestCertificates.PublicOnly(ca)] };

        await using var stream = await TlsDialer.ConnectAsync(server.Unpinned, opts, ct);
        await stream.ReadGreetingAsync(ct);
        Assert.Equal("ca"u8.ToArray(), await stream.EchoAsync("ca"u8.ToArray(), ct));
        Assert.Null(NodeCertificate.GetRemotePeer((System.Net.Security.SslStream)stream));
    }

    [Fact]
    public async Task Ca_issued_server_is_accepted_by_dns_name()
    {
        using var ca = TestCertificates.CreateCa("RON Test CA");
        using var leaf = TestCertificates.IssueServer(ca, ["localhost"], []);
        using var id = NodeIdentity.CreateEphemeral();
        await using var server = await TlsTestServer.StartAsync(id, new RonTlsServerOpts { Certificate = leaf });
        var opts = new TlsDialOpts { TrustedRoots = [TestCertificates.PublicOnly(ca)] };

        // localhost may resolve to ::1 first; Kestrel listens on 127.0.0.1 only, so dial the name but
        // connect over an existing IPv4 socket.
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, server.Port, Deadline);
        await using var stream = await TlsDialer.ConnectAsync(
            new System.Net.Sockets.NetworkStream(socket, ownsSocket: true), NodeAddress.Parse($"tls://localhost:{server.Port}"), opts, Deadline);
        await stream.ReadGreetingAsync(Deadline);
    }

    [Fact]
    public async Task Ca_issued_server_is_refused_without_its_root()
    {
        using var ca = TestCertificates.CreateCa("RON Test CA");
        using var otherCa = TestCertificates.CreateCa("Some Other CA");
        using var leaf = TestCertificates.IssueServer(ca, ["localhost"], [IPAddress.Loopback]);
        using var id = NodeIdentity.CreateEphemeral();
        await using var server = await TlsTestServer.StartAsync(id, new RonTlsServerOpts { Certificate = leaf });

        var system = await Assert.ThrowsAsync<TlsDialException>(async () =>
            await TlsDialer.ConnectAsync(server.Unpinned, TlsDialOpts.Default, Deadline));
        Assert.Equal(TlsDialError.UntrustedCertificate, system.Error);
        Assert.Contains("chain", system.Message, StringComparison.Ordinal);

        var wrongRoot = await Assert.ThrowsAsync<TlsDialException>(async () =>
            await TlsDialer.ConnectAsync(server.Unpinned, new TlsDialOpts { TrustedRoots = [TestCertificates.PublicOnly(otherCa)] }, Deadline));
        Assert.Equal(TlsDialError.UntrustedCertificate, wrongRoot.Error);
    }

    [Fact]
    public async Task Ca_issued_server_for_another_name_is_refused()
    {
        using var ca = TestCertificates.CreateCa("RON Test CA");
        using var leaf = TestCertificates.IssueServer(ca, ["node.example"], []);
        using var id = NodeIdentity.CreateEphemeral();
        await using var server = await TlsTestServer.StartAsync(id, new RonTlsServerOpts { Certificate = leaf });

        var ex = await Assert.ThrowsAsync<TlsDialException>(async () =>
            await TlsDialer.ConnectAsync(server.Unpinned, new TlsDialOpts { TrustedRoots = [TestCertificates.PublicOnly(ca)] }, Deadline));
        Assert.Equal(TlsDialError.UntrustedCertificate, ex.Error);
        Assert.Contains("host name does not match", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pinned_dial_ignores_trusted_roots_and_needs_the_identity_extension()
    {
        using var ca = TestCertificates.CreateCa("RON Test CA");
        using var leaf = TestCertificates.IssueServer(ca, ["localhost"], [IPAddress.Loopback]);
        using var id = NodeIdentity.CreateEphemeral();
        await using var server = await TlsTestServer.StartAsync(id, new RonTlsServerOpts { Certificate = leaf });

        var ex = await Assert.ThrowsAsync<TlsDialException>(async () =>
            await TlsDialer.ConnectAsync(server.Pinned, new TlsDialOpts { TrustedRoots = [TestCertificates.PublicOnly(ca)] }, Deadline));
        Assert.Equal(TlsDialError.MissingIdentityExtension, ex.Error);
    }
}
