using System.Security.Cryptography.X509Certificates;

namespace RustyOnions.Transport.Tls.Client;

/// <summary>Options of <see cref="TlsDialer"/> and <see cref="TlsConnectionFactory"/>.</summary>
public sealed record TlsDialOpts
{
    /// <summary>Defaults: system trust store for unpinned addresses, no client certificate, 10 s timeouts.</summary>
    public static TlsDialOpts Default { get; } = new();

    /// <summary>
    /// CA mode for addresses without a PeerId pin: when set, ONLY these roots are trusted (the system store is
    /// ignored); when null, the system store is used. Pinned addresses never consult roots.
    /// </summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>
    /// Our own certificate (normally <see cref="Certificates.NodeCertificate.Create"/> of the node identity) to
    /// present for node-to-node mutual authentication; null dials anonymously. Must include its private key.
    /// </summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Refuse addresses without a <c>#PeerId</c> pin instead of falling back to CA validation (peer links).</summary>
    public bool RequirePeerId { get; init; }

    /// <summary>Longest time for the TCP connect (including name resolution).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest time for the TLS handshake.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Revocation checking in CA mode; off by default because nodes often cannot reach OCSP/CRL servers.</summary>
    public X509RevocationMode RevocationMode { get; init; } = X509RevocationMode.NoCheck;

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting when a value is unusable.</summary>
    public void Validate()
    {
        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"TlsDialOpts.ConnectTimeout must be positive, got {ConnectTimeout}", nameof(ConnectTimeout));
        }

        if (HandshakeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"TlsDialOpts.HandshakeTimeout must be positive, got {HandshakeTimeout}", nameof(HandshakeTimeout));
        }

        if (ClientCertificate is { HasPrivateKey: false })
        {
            throw new ArgumentException($"TlsDialOpts.ClientCertificate ({ClientCertificate.Subject}) has no private key", nameof(ClientCertificate));
        }

        if (!Enum.IsDefined(RevocationMode))
        {
            throw new ArgumentException($"TlsDialOpts.RevocationMode {RevocationMode} is not defined", nameof(RevocationMode));
        }
    }
}
