using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using RustyOnions.Proto.Addressing;
using RustyOnions.Transport.Tls.Certificates;
using RustyOnions.Transport.Tls.Client;
using RustyOnions.Transport.Tls.Identity;
using RustyOnions.Transport.Tls.Server;
using RustyOnions.Transport.Tls.Tests.Support;

namespace RustyOnions.Transport.Tls.Tests.Client;

public sealed class TlsDialerTests
{
    private static CancellationToken Deadline => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    [Fact]
    public async Task Dial_with_correct_pin_negotiates_tls13_oap1_and_exchanges_bytes()
    {
        using var id = NodeIdentity.CreateEphemeral();
        await using var server = await TlsTestServer.StartAsync(id);
        var ct = Deadline;

        await using var stream = await TlsDialer.ConnectAsync(server.Pinned, TlsDialOpts.Default, ct);
        var ssl = Assert.IsType<SslStream>(stream);
        Assert.Equal(SslProtocols.Tls13, ssl.SslProtocol);
        Assert.Equal("oap/1", ssl.NegotiatedApplicationProtocol.ToString());
        Assert.Equal(id.PeerId, NodeCertificate.GetRemotePeer(ssl));
        Assert.Equal(new string('-', 64), await stream.ReadGreetingAsync(ct));

        var payload = new byte[100_000];
        new Random(42).NextBytes(payload);
        Assert.Equal(payload, await stream.EchoAsync(payload, ct));
        Assert.Equal([null], server.Log.Peers);
    }

    [Fact]
    public async Task Dial_with_wrong_pin_is_refused_naming_both_peer_ids()
    {
        using var id = NodeIdentity.CreateEphemeral();
        using var other = NodeIdentity.CreateEphemeral();
        await using var server = await TlsTestServer.StartAsync(id);

        var ex = await Assert.ThrowsAsync<TlsDialException>(async () =>
            await TlsDialer.ConnectAsync(server.PinnedTo(other.PeerId), TlsDialOpts.Default, Deadline));
        Assert.Equal(TlsDialError.PeerIdMismatch, ex.Error);
        Assert.Equal($"peer presented PeerId {id.PeerId} but address pins {other.PeerId}", ex.Message);
    }

    [Fact]
    public async Task Pinned_dial_to_server_without_identity_extension_is_refused()
    {
        using var id = NodeIdentity.CreateEphemeral();
        using var plain = TestCertificates.SelfSigned(_ => null);
        await using var server = await TlsTestServer.StartAsync(id, new RonTlsServerOpts { Certificate = plain });

        var ex = await Assert.ThrowsAsync<TlsDialException>(async () =>
            await TlsDialer.ConnectAsync(server.Pinned, TlsDialOpts.Default, Deadline));
        Assert.Equal(TlsDialError.MissingIdentityExtension, ex.Error);
        Assert.EndsWith("certificate has no RustyOnions identity extension", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pinned_dial_to_server_with_forged_extension_is_refused()
    {
        using var victim = NodeIdentity.CreateEphemeral();
        using var attacker = NodeIdentity.CreateEphemeral();
        using var forged = TestCertificates.ForgedBy(victim, attacker);
        await using var server = await TlsTestServer.StartAsync(victim, new RonTlsServerOpts { Certificate = forged });

        var ex = await Assert.ThrowsAsync<TlsDialException>(async () =>
            await TlsDialer.ConnectAsync(server.Pinned, TlsDialOpts.Default, Deadline));
        Assert.Equal(TlsDialError.InvalidIdentityExtension, ex.Error);
        Assert.Contains("signature does not verify", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pinned_dial_to_server_replaying_a_stolen_extension_is_refused()
    {
        using var victim = NodeIdentity.CreateEphemeral();
        using var genuine = NodeCertificate.Create(victim);
        using var stolen = TestCertificates.WithStolenExtension(genuine);
        await using var server = await TlsTestServer.StartAsync(victim, new RonTlsServerOpts { Certificate = stolen });

        var ex = await Assert.ThrowsAsync<TlsDialException>(async () =>
            await TlsDialer.ConnectAsync(server.Pinned, TlsDialOpts.Default, Deadline));
        Assert.Equal(TlsDialError.InvalidIdentityExtension, ex.Error);
    }

    [Fact]
    public async Task Unpinned_dial_to_self_signed_node_is_refused_as_untrusted()
    {
        using var id = NodeIdentity.CreateEphemeral();
        await using var server = await TlsTestServer.StartAsync(id);

        var ex = await Assert.ThrowsAsync<TlsDialException>(async () =>
            await TlsDialer.ConnectAsync(server.Unpinned, TlsDialOpts.Default, Deadline));
        Assert.Equal(TlsDialError.UntrustedCertificate, ex.Error);
    }

    [Fact]
    public async Task Unpinned_dial_is_refused_when_pin_is_required()
    {
        using var id = NodeIdentity.CreateEphemeral();
        await using var server = await TlsTestServer.StartAsync(id);

        var ex = await Assert.ThrowsAsync<TlsDialException>(async () =>
            await TlsDialer.ConnectAsync(server.Unpinned, new TlsDialOpts { RequirePeerId = true }, Deadline));
        Assert.Equal(TlsDialError.InvalidRequest, ex.Error);
        Assert.Contains("RequirePeerId", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dial_to_closed_port_reports_connection_refused()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var address = NodeAddress.Parse($"tls://127.0.0.1:{port}");
        var ex = await Assert.ThrowsAsync<TlsDialException>(async () => await TlsDialer.ConnectAsync(address, TlsDialOpts.Default, Deadline));
        Assert.Equal(TlsDialError.ConnectionRefused, ex.Error);
        Assert.Equal($"connection refused to 127.0.0.1:{port}", ex.Message);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task Server_that_never_answers_the_handshake_times_out()
    {
        // Accepts TCP (kernel backlog) but never speaks TLS.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var opts = new TlsDialOpts { HandshakeTimeout = TimeSpan.FromMilliseconds(300) };

        var ex = await Assert.ThrowsAsync<TlsDialException>(async () =>
            await TlsDialer.ConnectAsync(NodeAddress.Parse($"tls://127.0.0.1:{port}"), opts, Deadline));
        Assert.Equal(TlsDialError.Timeout, ex.Error);
        Assert.Equal($"TLS handshake with 127.0.0.1:{port} timed out after 0.3 s", ex.Message);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_timeout()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await TlsDialer.ConnectAsync(NodeAddress.Parse($"tls://127.0.0.1:{port}"), TlsDialOpts.Default, cts.Token));
    }

    [Fact]
    public async Task Handshake_over_an_existing_stream_verifies_the_pin()
    {
        using var id = NodeIdentity.CreateEphemeral();
        await using var server = await TlsTestServer.StartAsync(id);
        var ct = Deadline;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, server.Port, ct);

        await using var stream = await TlsDialer.ConnectAsync(new NetworkStream(socket, ownsSocket: true), server.Pinned, TlsDialOpts.Default, ct);
        await stream.ReadGreetingAsync(ct);
        Assert.Equal("hello"u8.ToArray(), await stream.EchoAsync("hello"u8.ToArray(), ct));
    }

    [Fact]
    public async Task Failed_handshake_over_an_existing_stream_disposes_it()
    {
        using var id = NodeIdentity.CreateEphemeral();
        using var other = NodeIdentity.CreateEphemeral();
        await using var server = await TlsTestServer.StartAsync(id);
        var ct = Deadline;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, server.Port, ct);
        var inner = new NetworkStream(socket, ownsSocket: true);

        await Assert.ThrowsAsync<TlsDialException>(async () =>
            await TlsDialer.ConnectAsync(inner, server.PinnedTo(other.PeerId), TlsDialOpts.Default, ct));
        Assert.Throws<ObjectDisposedException>(() => inner.Write([1]));
    }
}
