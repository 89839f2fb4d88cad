using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using RustyOnions.Transport.Tls.Identity;

namespace RustyOnions.Transport.Tls.Tests.Support;

/// <summary>Builds hostile and CA-issued certificates without going through NodeCertificate.</summary>
internal static class TestCertificates
{
    private static readonly DateTimeOffset NotBefore = DateTimeOffset.UtcNow.AddHours(-1);
    private static readonly DateTimeOffset NotAfter = DateTimeOffset.UtcNow.AddDays(1);

    /// <summary>A self-signed certificate, with optional raw identity-extension value built by the caller.</summary>
    internal static X509Certificate2 SelfSigned(Func<byte[], byte[]?> extensionForSpki, string subject = "CN=test")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var value = extensionForSpki(request.PublicKey.ExportSubjectPublicKeyInfo());
        if (value is not null)
        {
            request.CertificateExtensions.Add(new X509Extension(RonTls.IdentityExtensionOid, value, false));
        }

        using var cert = request.CreateSelfSigned(NotBefore, NotAfter);
        return Reload(cert);
    }

    /// <summary>Independent encoder of the extension value (not the production one).</summary>
    internal static byte[] ExtensionValue(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signature)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteOctetString(publicKey);
            writer.WriteOctetString(signature);
        }

        return writer.Encode();
    }

    internal static byte[] SignedMessage(byte[] spki) => [.. Encoding.ASCII.GetBytes("ron-tls-v1:"), .. spki];

    /// <summary>Extension claiming <paramref name="claimed"/>'s key, signed by <paramref name="signer"/>.</summary>
    internal static X509Certificate2 ForgedBy(NodeIdentity claimed, NodeIdentity signer) =>
        SelfSigned(spki => ExtensionValue(claimed.PublicKey, signer.Sign(SignedMessage(spki))));

    /// <summary>
    /// A certificate for a NEW TLS key carrying the genuine extension copied from <paramref name="victim"/>'s
    /// certificate: what a man in the middle who saw the victim's certificate could present.
    /// </summary>
    internal static X509Certificate2 WithStolenExtension(X509Certificate2 victim)
    {
        var stolen = victim.Extensions.First(e => e.Oid?.Value == RonTls.IdentityExtensionOid).RawData;
        return SelfSigned(_ => stolen);
    }

    /// <summary>A test root CA (with private key).</summary>
    internal static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var cert = request.CreateSelfSigned(NotBefore, NotAfter.AddDays(1));
        return Reload(cert);
    }

    /// <summary>A server certificate issued by <paramref name="ca"/> for the given DNS names and IPs.</summary>
    internal static X509Certificate2 IssueServer(X509Certificate2 ca, string[] dnsNames, IPAddress[] ips)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + (dnsNames.FirstOrDefault() ?? ips[0].ToString()), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var dns in dnsNames)
        {
            san.AddDnsName(dns);
        }

        foreach (var ip in ips)
        {
            san.AddIpAddress(ip);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var issued = request.Create(ca, NotBefore, NotAfter, RandomNumberGenerator.GetBytes(12));
        using var withKey = issued.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    /// <summary>The public part only (what a trust store holds).</summary>
    internal static X509Certificate2 PublicOnly(X509Certificate2 cert) => X509CertificateLoader.LoadCertificate(cert.RawData);

    private static X509Certificate2 Reload(X509Certificate2 cert) =>
        X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
}
