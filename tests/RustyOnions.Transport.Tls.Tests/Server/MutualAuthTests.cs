using Microsoft.AspNetCore.Server.Kestrel.Https;
using RustyOnions.Proto.Addressing;
using RustyOnions.Transport.Tls.Certificates;
using RustyOnions.Transport.Tls.Client;
using RustyOnions.Transport.Tls.Identity;
using RustyOnions.Transport.Tls.Server;
using RustyOnions.Transport.Tls.Tests.Support;

namespace RustyOnions.Transport.Tls.Tests.Server;

public sealed class MutualAuthTests
{
    private static CancellationToken Deadline => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    private static readonly RonTlsServerOpts PeerLink = new() { ClientCertificates = ClientCertificateMode.RequireCertificate };

    [Fact]
    public async Task Server_sees_the_client_peer_id()
    {
        using var serverId = NodeIdentity.CreateEphemeral();
        using var clientId = NodeIdentity.CreateEphemeral();
        using var clientCert = NodeCertificate.Create(clientId);
        await using var server = await TlsTestServer.StartAsync(serverId, PeerLink);
        var ct = Deadline;

        await using var stream = await TlsDialer.ConnectAsync(server.Pinned, new TlsDialOpts { ClientCertificate = clientCert }, ct);
        Assert.Equal(clientId.PeerId.ToString(), await stream.ReadGreetingAsync(ct));
        Assert.Equal([clientId.PeerId], server.Log.Peers);
    }

    [Fact]
    public async Task Optional_client_certificate_is_verified_when_presented_and_absent_is_anonymous()
    {
        using var serverId = NodeIdentity.CreateEphemeral();
        using var clientId = NodeIdentity.CreateEphemeral();
        using var clientCert = NodeCertificate.Create(clientId);
        await using var server = await TlsTestServer.StartAsync(serverId);
        var ct = Deadline;

        await using (var anonymous = await TlsDialer.ConnectAsync(server.Pinned, TlsDialOpts.Default, ct))
        {
            Assert.Equal(new string('-', 64), await anonymous.ReadGreetingAsync(ct));
        }

        await using var known = await TlsDialer.ConnectAsync(server.Pinned, new TlsDialOpts { ClientCertificate = clientCert }, ct);
        Assert.Equal(clientId.PeerId.ToString(), await known.ReadGreetingAsync(ct));
    }

    public static TheoryData<string> BadClientCertificates() => ["none", "no-extension", "forged", "stolen"];

    [Theory]
    [MemberData(nameof(BadClientCertificates))]
    public async Task Client_without_a_valid_identity_is_refused_when_certificates_are_required(string kind)
    {
        using var serverId = NodeIdentity.CreateEphemeral();
        using var victim = NodeIdentity.CreateEphemeral();
        using var attacker = NodeIdentity.CreateEphemeral();
        using var genuine = NodeCertificate.Create(victim);
        using var cert = kind switch
        {
            "none" => null,
            "no-extension" => TestCertificates.SelfSigned(_ => null),
            "forged" => TestCertificates.ForgedBy(victim, attacker),
            _ => TestCertificates.WithStolenExtension(genuine),
        };
        await using var server = await TlsTestServer.StartAsync(serverId, PeerLink);
        await AssertRefusedAsync(server, new TlsDialOpts { ClientCertificate = cert });
        Assert.Equal(0, server.Log.Connections);
    }

    [Fact]
    public async Task Client_with_bad_extension_is_refused_even_when_certificates_are_optional()
    {
        using var serverId = NodeIdentity.CreateEphemeral();
        using var victim = NodeIdentity.CreateEphemeral();
        using var attacker = NodeIdentity.CreateEphemeral();
        using var forged = TestCertificates.ForgedBy(victim, attacker);
        await using var server = await TlsTestServer.StartAsync(serverId);
        await AssertRefusedAsync(server, new TlsDialOpts { ClientCertificate = forged });
        Assert.Equal(0, server.Log.Connections);
    }

    /// <summary>
    /// In TLS 1.3 the client finishes its handshake before the server judges the client certificate, so
    /// the refusal shows either in the dial or as a failed/closed first read; both are a refusal.
    /// </summary>
    private static async Task AssertRefusedAsync(TlsTestServer server, TlsDialOpts opts)
    {
        var ct = Deadline;
        Stream? stream = null;
        try
        {
            stream = await TlsDialer.ConnectAsync(server.Pinned, opts, ct);
            var buffer = new byte[GreetingEchoHandler.GreetingLength];
            var read = await stream.ReadAsync(buffer, ct);
            Assert.Equal(0, read);
        }
        catch (Exception ex) when (ex is TlsDialException or IOException or System.Security.Authentication.AuthenticationException)
        {
            // Refused during or right after the handshake.
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }
        }
    }

    [Fact]
    public void Server_options_reject_unusable_values()
    {
        Assert.Throws<ArgumentException>(() => new RonTlsServerOpts { HandshakeTimeout = TimeSpan.Zero }.Validate());
        Assert.Throws<ArgumentException>(() => new RonTlsServerOpts { ClientCertificates = ClientCertificateMode.DelayCertificate }.Validate());
        using var id = NodeIdentity.CreateEphemeral();
        using var cert = NodeCertificate.Create(id);
        using var publicOnly = TestCertificates.PublicOnly(cert);
        var ex = Assert.Throws<ArgumentException>(() => new RonTlsServerOpts { Certificate = publicOnly }.Validate());
        Assert.Contains("no private key", ex.Message, StringComparison.Ordinal);
        _ = PeerId.FromPublicKey(id.PublicKey);
    }
}
