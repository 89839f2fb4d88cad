using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using RustyOnions.Transport.Tls.Certificates;
using RustyOnions.Transport.Tls.Connections;
using RustyOnions.Transport.Tls.Identity;

namespace RustyOnions.Transport.Tls.Server;

/// <summary>Kestrel configuration for RustyOnions TLS endpoints.</summary>
public static class RonTlsListenOptionsExtensions
{
    private static readonly List<SslApplicationProtocol> Alpn = [new(RonTls.AlpnProtocol)];

    /// <summary>
    /// Makes <paramref name="listenOptions"/> a TLS 1.3 endpoint with ALPN "oap/1" serving
    /// <paramref name="identity"/>'s node certificate (or <see cref="RonTlsServerOpts.Certificate"/>). A client
    /// certificate, when presented (or required), must carry a valid identity extension; the proven PeerId is
    /// then available to connection handlers through <see cref="RonConnectionContextExtensions.GetRemotePeer"/>.
    /// Call before <c>UseConnectionHandler</c>.
    /// </summary>
    public static ListenOptions UseRonTls(this ListenOptions listenOptions, NodeIdentity identity, RonTlsServerOpts? opts = null)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        ArgumentNullException.ThrowIfNull(identity);
        opts ??= RonTlsServerOpts.Default;
        opts.Validate();

        var https = new HttpsConnectionAdapterOptions
        {
            ServerCertificate = opts.Certificate ?? NodeCertificate.Create(identity),
            SslProtocols = SslProtocols.Tls13,
            ClientCertificateMode = opts.ClientCertificates,
            HandshakeTimeout = opts.HandshakeTimeout,
            CheckCertificateRevocation = false,

            // Client certificates are self-signed by design: chain errors are irrelevant, the identity
            // extension is the whole proof (Kestrel only calls this for a presented certificate).
            ClientCertificateValidation = (certificate, _, _) => NodeCertificate.TryVerify(certificate, out _, out _),

            // Kestrel derives ALPN from the HTTP protocols; OAP/1 endpoints advertise only "oap/1".
            OnAuthenticate = (_, ssl) => ssl.ApplicationProtocols = Alpn,
        };
        listenOptions.UseHttps(https);

        // Runs after the handshake: publish the proven identity once per connection for handlers.
        listenOptions.Use(next => connection =>
        {
            var certificate = connection.Features.Get<ITlsConnectionFeature>()?.ClientCertificate;
            var peer = certificate is not null && NodeCertificate.TryVerify(certificate, out var p, out _) ? p : (Proto.Addressing.PeerId?)null;
            connection.Features.Set<IRonPeerFeature>(new RonPeerFeature(peer));
            return next(connection);
        });
        return listenOptions;
    }
}
