using System.Diagnostics.CodeAnalysis;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RustyOnions.Proto.Addressing;
using RustyOnions.Transport.Tls.Identity;

namespace RustyOnions.Transport.Tls.Certificates;

/// <summary>
/// Self-signed TLS certificates that prove a node identity (specs/tls.md): a fresh ECDSA P-256 TLS key
/// plus an extension in which the Ed25519 identity key signs that TLS key. No CA is involved; the TLS
/// handshake proves possession of the TLS key, the extension binds it to the PeerId.
/// </summary>
public static class NodeCertificate
{
    /// <summary>How long a generated certificate is valid; it is regenerated at every start.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>Backdating of NotBefore, so peers with a slow clock accept a certificate made just now.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromHours(1);

    /// <summary>
    /// Creates a certificate (with its private key, usable as an SslStream server or client certificate)
    /// carrying <paramref name="identity"/>'s extension. Subject is <c>CN=&lt;PeerId&gt;</c>.
    /// </summary>
    public static X509Certificate2 Create(NodeIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + identity.PeerId, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(CreateIdentityExtension(identity, request.PublicKey.ExportSubjectPublicKeyInfo()));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now - ClockSkew, now + Lifetime);

        // Round-trip through PKCS#12 so the private key is a persisted-style key every platform's TLS stack
        // accepts (an ephemeral key from CreateSelfSigned is refused as a server key on some platforms).
        var pfx = created.Export(X509ContentType.Pkcs12);
        try
        {
            return X509CertificateLoader.LoadPkcs12(pfx, password: null, X509KeyStorageFlags.Exportable);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pfx);
        }
    }

    /// <summary>
    /// Builds the identity extension for a certificate whose SubjectPublicKeyInfo DER is
    /// <paramref name="subjectPublicKeyInfo"/> (exposed for tools and tests that build their own certificates).
    /// </summary>
    public static X509Extension CreateIdentityExtension(NodeIdentity identity, ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var signature = identity.Sign(IdentityExtension.SignedMessage(subjectPublicKeyInfo));
        return new X509Extension(RonTls.IdentityExtensionOid, IdentityExtension.Encode(identity.PublicKey, signature), critical: false);
    }

    /// <summary>
    /// Verifies the identity extension of <paramref name="certificate"/>: present exactly once, well formed,
    /// signature by the embedded key over "ron-tls-v1:" || the certificate's SPKI, certificate within its
    /// validity period. On success returns the PeerId of the embedded key.
    /// </summary>
    public static bool TryVerify(X509Certificate2 certificate, out PeerId peer, [NotNullWhen(false)] out string? error) =>
        TryVerify(certificate, DateTimeOffset.UtcNow, out peer, out error);

    /// <summary>As <see cref="TryVerify(X509Certificate2, out PeerId, out string?)"/>, at a given time.</summary>
    public static bool TryVerify(X509Certificate2 certificate, DateTimeOffset now, out PeerId peer, [NotNullWhen(false)] out string? error) =>
        Check(certificate, now, out peer, out error) == IdentityCheck.Valid;

    /// <summary>
    /// The PeerId proven by the remote certificate of an authenticated <paramref name="stream"/>, or null when
    /// the remote presented none or one without a valid identity extension (for example CA mode).
    /// </summary>
    public static PeerId? GetRemotePeer(SslStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.RemoteCertificate switch
        {
            X509Certificate2 c when TryVerify(c, out var p, out _) => p,
            { } c when TryVerify(X509CertificateLoader.LoadCertificate(c.GetRawCertData()), out var p, out _) => p,
            _ => null,
        };
    }

    internal static IdentityCheck Check(X509Certificate2 certificate, DateTimeOffset now, out PeerId peer, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        peer = default;
        X509Extension? found = null;
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == RonTls.IdentityExtensionOid)
            {
                if (found is not null)
                {
                    error = "certificate has more than one RustyOnions identity extension";
                    return IdentityCheck.Invalid;
                }

                found = extension;
            }
        }

        if (found is null)
        {
            error = "certificate has no RustyOnions identity extension";
            return IdentityCheck.Missing;
        }

        if (!IdentityExtension.TryDecode(found.RawData, out var publicKey, out var signature, out error))
        {
            return IdentityCheck.Invalid;
        }

        var spki = certificate.PublicKey.ExportSubjectPublicKeyInfo();
        if (!NodeIdentity.Verify(publicKey, IdentityExtension.SignedMessage(spki), signature))
        {
            error = $"identity extension signature does not verify: key {PeerId.FromPublicKey(publicKey)} did not sign this certificate's public key";
            return IdentityCheck.Invalid;
        }

        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            error = $"certificate of {PeerId.FromPublicKey(publicKey)} is not valid at {now:u} (valid {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u})";
            return IdentityCheck.Invalid;
        }

        peer = PeerId.FromPublicKey(publicKey);
        error = null;
        return IdentityCheck.Valid;
    }
}
