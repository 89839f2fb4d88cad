using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace RustyOnions.Transport.Tls.Server;

/// <summary>Options of a RustyOnions TLS listener (see <see cref="RonTlsListenOptionsExtensions.UseRonTls"/>).</summary>
public sealed record RonTlsServerOpts
{
    /// <summary>Defaults: client certificates allowed (and verified when presented), 10 s handshake timeout.</summary>
    public static RonTlsServerOpts Default { get; } = new();

    /// <summary>
    /// <see cref="ClientCertificateMode.AllowCertificate"/> for client listeners (a presented certificate must
    /// carry a valid identity extension); <see cref="ClientCertificateMode.RequireCertificate"/> for peer links.
    /// </summary>
    public ClientCertificateMode ClientCertificates { get; init; } = ClientCertificateMode.AllowCertificate;

    /// <summary>
    /// Certificate to serve instead of a fresh <see cref="Certificates.NodeCertificate"/> (a CA-issued one,
    /// or one shared by several listeners). Must include its private key.
    /// </summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Longest time a client may take to complete the TLS handshake.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting when a value is unusable.</summary>
    public void Validate()
    {
        if (HandshakeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"RonTlsServerOpts.HandshakeTimeout must be positive, got {HandshakeTimeout}", nameof(HandshakeTimeout));
        }

        if (!Enum.IsDefined(ClientCertificates) || ClientCertificates == ClientCertificateMode.DelayCertificate)
        {
            throw new ArgumentException($"RonTlsServerOpts.ClientCertificates must be NoCertificate, AllowCertificate or RequireCertificate, got {ClientCertificates}", nameof(ClientCertificates));
        }

        if (Certificate is { HasPrivateKey: false })
        {
            throw new ArgumentException($"RonTlsServerOpts.Certificate ({Certificate.Subject}) has no private key; load it from a PKCS#12 or PEM with its key", nameof(Certificate));
        }
    }
}
