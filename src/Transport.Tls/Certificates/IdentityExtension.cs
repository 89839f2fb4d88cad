using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Text;
using RustyOnions.Transport.Tls.Identity;

namespace RustyOnions.Transport.Tls.Certificates;

/// <summary>
/// The identity extension value: DER <c>SEQUENCE { OCTET STRING publicKey(32), OCTET STRING signature(64) }</c>,
/// where signature = Ed25519(identity, "ron-tls-v1:" || SubjectPublicKeyInfo DER).
/// </summary>
internal static class IdentityExtension
{
    private static readonly byte[] Prefix = Encoding.ASCII.GetBytes(RonTls.SignaturePrefix);

    /// <summary>The bytes the identity key signs for a certificate with this SPKI.</summary>
    internal static byte[] SignedMessage(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        var message = new byte[Prefix.Length + subjectPublicKeyInfo.Length];
        Prefix.CopyTo(message, 0);
        subjectPublicKeyInfo.CopyTo(message.AsSpan(Prefix.Length));
        return message;
    }

    internal static byte[] Encode(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signature)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteOctetString(publicKey);
            writer.WriteOctetString(signature);
        }

        return writer.Encode();
    }

    /// <summary>Strict DER decode with exact lengths and nothing trailing.</summary>
    internal static bool TryDecode(
        ReadOnlyMemory<byte> value,
        [NotNullWhen(true)] out byte[]? publicKey,
        [NotNullWhen(true)] out byte[]? signature,
        [NotNullWhen(false)] out string? error)
    {
        publicKey = null;
        signature = null;
        try
        {
            var reader = new AsnReader(value, AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotAtEnd();
            var key = sequence.ReadOctetString();
            var sig = sequence.ReadOctetString();
            sequence.ThrowIfNotAtEnd();
            if (key.Length != NodeIdentity.PublicKeyLength)
            {
                error = $"identity extension holds a {key.Length}-byte public key; Ed25519 keys are {NodeIdentity.PublicKeyLength} bytes";
                return false;
            }

            if (sig.Length != NodeIdentity.SignatureLength)
            {
                error = $"identity extension holds a {sig.Length}-byte signature; Ed25519 signatures are {NodeIdentity.SignatureLength} bytes";
                return false;
            }

            publicKey = key;
            signature = sig;
            error = null;
            return true;
        }
        catch (AsnContentException ex)
        {
            error = $"identity extension is not DER SEQUENCE {{ OCTET STRING, OCTET STRING }}: {ex.Message}";
            return false;
        }
    }
}
