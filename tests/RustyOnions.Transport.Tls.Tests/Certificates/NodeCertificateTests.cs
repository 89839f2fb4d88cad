using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using RustyOnions.Transport.Tls.Certificates;
using RustyOnions.Transport.Tls.Identity;
using RustyOnions.Transport.Tls.Tests.Support;

namespace RustyOnions.Transport.Tls.Tests.Certificates;

public sealed class NodeCertificateTests
{
    [Fact]
    public void Created_certificate_verifies_to_its_identity()
    {
        using var identity = NodeIdentity.CreateEphemeral();
        using var cert = NodeCertificate.Create(identity);
        Assert.True(cert.HasPrivateKey);
        Assert.Equal("CN=" + identity.PeerId, cert.Subject);
        Assert.Equal("1.2.840.10045.2.1", cert.PublicKey.Oid.Value); // id-ecPublicKey (P-256 TLS key)
        Assert.True(NodeCertificate.TryVerify(cert, out var peer, out var error), error);
        Assert.Equal(identity.PeerId, peer);
    }

    [Fact]
    public void Each_certificate_has_a_fresh_tls_key()
    {
        using var identity = NodeIdentity.CreateEphemeral();
        using var a = NodeCertificate.Create(identity);
        using var b = NodeCertificate.Create(identity);
        Assert.NotEqual(a.PublicKey.EncodedKeyValue.RawData, b.PublicKey.EncodedKeyValue.RawData);
    }

    [Fact]
    public void Certificate_without_extension_is_refused()
    {
        using var cert = TestCertificates.SelfSigned(_ => null);
        Assert.False(NodeCertificate.TryVerify(cert, out _, out var error));
        Assert.Equal("certificate has no RustyOnions identity extension", error);
    }

    [Fact]
    public void Extension_signed_by_another_key_is_refused()
    {
        using var claimed = NodeIdentity.CreateEphemeral();
        using var signer = NodeIdentity.CreateEphemeral();
        using var cert = TestCertificates.ForgedBy(claimed, signer);
        Assert.False(NodeCertificate.TryVerify(cert, out _, out var error));
        Assert.Contains("signature does not verify", error, StringComparison.Ordinal);
        Assert.Contains(claimed.PeerId.ToString(), error, StringComparison.Ordinal);
    }

    [Fact]
    public void Genuine_extension_copied_onto_another_tls_key_is_refused()
    {
        using var victim = NodeIdentity.CreateEphemeral();
        using var genuine = NodeCertificate.Create(victim);
        using var stolen = TestCertificates.WithStolenExtension(genuine);
        Assert.False(NodeCertificate.TryVerify(stolen, out _, out var error));
        Assert.Contains("signature does not verify", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Extension_with_public_key_swapped_is_refused()
    {
        using var real = NodeIdentity.CreateEphemeral();
        using var other = NodeIdentity.CreateEphemeral();
        using var cert = TestCertificates.SelfSigned(spki => TestCertificates.ExtensionValue(other.PublicKey, real.Sign(TestCertificates.SignedMessage(spki))));
        Assert.False(NodeCertificate.TryVerify(cert, out _, out _));
    }

    [Fact]
    public void Signature_without_domain_prefix_is_refused()
    {
        using var id = NodeIdentity.CreateEphemeral();
        using var cert = TestCertificates.SelfSigned(spki => TestCertificates.ExtensionValue(id.PublicKey, id.Sign(spki)));
        Assert.False(NodeCertificate.TryVerify(cert, out _, out var error));
        Assert.Contains("signature does not verify", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Independently_built_valid_extension_is_accepted()
    {
        // Guards against the verifier and the production encoder agreeing on a private mistake.
        using var id = NodeIdentity.CreateEphemeral();
        using var cert = TestCertificates.SelfSigned(spki => TestCertificates.ExtensionValue(id.PublicKey, id.Sign(TestCertificates.SignedMessage(spki))));
        Assert.True(NodeCertificate.TryVerify(cert, out var peer, out var error), error);
        Assert.Equal(id.PeerId, peer);
    }

    public static TheoryData<string, string> MalformedValues() => new()
    {
        { "04203d4017", "not DER SEQUENCE" },
        { "3003040100", "not DER SEQUENCE" },
        { Sequence(new byte[31], new byte[64]), "31-byte public key" },
        { Sequence(new byte[32], new byte[63]), "63-byte signature" },
        { Sequence(new byte[32], new byte[64]) + "00", "not DER SEQUENCE" },
    };

    [Theory]
    [MemberData(nameof(MalformedValues))]
    public void Malformed_extension_is_refused_with_reason(string valueHex, string reason)
    {
        using var cert = TestCertificates.SelfSigned(_ => Convert.FromHexString(valueHex));
        Assert.False(NodeCertificate.TryVerify(cert, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Expired_certificate_is_refused()
    {
        using var id = NodeIdentity.CreateEphemeral();
        using var cert = NodeCertificate.Create(id);
        Assert.False(NodeCertificate.TryVerify(cert, DateTimeOffset.UtcNow + NodeCertificate.Lifetime + TimeSpan.FromDays(1), out _, out var error));
        Assert.Contains("is not valid at", error, StringComparison.Ordinal);
        Assert.True(NodeCertificate.TryVerify(cert, DateTimeOffset.UtcNow.AddMinutes(-30), out _, out _));
    }

    private static string Sequence(byte[] a, byte[] b)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteOctetString(a);
            w.WriteOctetString(b);
        }

        return Convert.ToHexString(w.Encode());
    }
}
