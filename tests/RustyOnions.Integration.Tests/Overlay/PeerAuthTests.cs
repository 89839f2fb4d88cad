using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Proto.Addressing;
using RustyOnions.Sdk;
using RustyOnions.Sdk.Errors;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;
using RustyOnions.Transport.Tls.Client;

namespace RustyOnions.Integration.Tests.Overlay;

public sealed class PeerAuthTests
{
    [Fact]
    public async Task Overlay_calls_without_a_peer_certificate_are_forbidden_and_a_certificate_without_identity_extension_is_refused()
    {
        using var dir = new TempDir("ron-peerauth");
        await using var node = await NodeProcess.StartAsync(dir.Combine("data"));

        // A plain client (no certificate) may use storage but not the overlay.
        await using (var client = await RonClient.ConnectAsync(new RonClientOpts { Node = node.Address }))
        {
            var fake = PeerId.FromBytes(new byte[32]);
            var ping = OverlayCodec.EncodeAdvert(new PeerAdvert(fake, new NodeAddress(TransportKind.Tls, "127.0.0.1", 1, fake)));
            var e = await Assert.ThrowsAsync<RonAuthException>(() => client.CallAsync(OverlayAppIds.Ping, ping, 65536));
            Assert.Equal(403, e.Status);
            Assert.Equal("FORBIDDEN", e.Code);
            Assert.Equal("pong"u8.ToArray(), await client.EchoAsync("pong"u8.ToArray()));
        }

        // A certificate without the identity extension fails the TLS handshake.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=impostor", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var impostor = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        var refused = false;
        try
        {
            await using var stream = await TlsDialer.ConnectAsync(node.Address, new TlsDialOpts { ClientCertificate = impostor }, default);
            var buffer = new byte[1];

            // TLS 1.3: the server checks the client certificate after the client finished; the refusal arrives on first read.
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            refused = read == 0;
        }
        catch (Exception e) when (e is TlsDialException or IOException or System.Security.Authentication.AuthenticationException)
        {
            refused = true;
        }

        Assert.True(refused, "a certificate without a valid identity extension must be refused");
        Assert.True(node.IsRunning);
    }
}
