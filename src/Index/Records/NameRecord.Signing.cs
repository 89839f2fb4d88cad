using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc8032;
using RustyOnions.Proto.Content;

namespace RustyOnions.Index.Records;

/// <summary>Signing and verification.</summary>
public sealed partial class NameRecord
{
    /// <summary>Domain separator prepended to the canonical bytes before signing: <c>ron-index-v1\0</c>.</summary>
    public static ReadOnlySpan<byte> SigningDomain => "ron-index-v1\0"u8;

    /// <summary>
    /// Creates and signs a record for <paramref name="path"/> in the publisher's namespace.
    /// </summary>
    /// <param name="publisher">The key that owns the namespace.</param>
    /// <param name="path">The path inside the namespace (no leading slash), e.g. <c>docs/report.pdf</c>.</param>
    /// <param name="address">Content id of the object.</param>
    /// <param name="size">Object size in bytes.</param>
    /// <param name="mediaType">Media type, e.g. <c>application/pdf</c>.</param>
    /// <param name="seq">Sequence number; must exceed the one already published for the name.</param>
    /// <param name="created">Creation time (kept to the millisecond).</param>
    public static NameRecord Sign(
        PublisherKey publisher, string path, ContentId address, long size, string mediaType, long seq, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(path);
        var name = publisher.NameFor(path);
        var unsigned = new NameRecord(
            name, address, size, mediaType, seq, created.ToUnixTimeMilliseconds(), publisher.PublicKey.ToArray(), new byte[SignatureLength]);
        var signature = new byte[SignatureLength];
        publisher.SignRaw(unsigned.GetSigningInput(), signature);
        return new NameRecord(name, address, size, mediaType, seq, unsigned.CreatedUnixMs, unsigned._publisher, signature);
    }

    /// <summary>The bytes the signature covers: <see cref="SigningDomain"/> || canonical bytes.</summary>
    public byte[] GetSigningInput()
    {
        var canonical = EncodedBytes.AsSpan(0, EncodedBytes.Length - SignatureLength);
        var input = new byte[SigningDomain.Length + canonical.Length];
        SigningDomain.CopyTo(input);
        canonical.CopyTo(input.AsSpan(SigningDomain.Length));
        return input;
    }

    /// <summary>
    /// Checks authority: the namespace must be the publisher key's, and the signature must verify.
    /// Throws <see cref="IndexException"/> with <see cref="IndexErrorCode.WrongNamespace"/> or
    /// <see cref="IndexErrorCode.BadSignature"/>.
    /// </summary>
    public void Verify()
    {
        if (!TryVerify(out var error))
        {
            throw error;
        }
    }

    /// <summary>Like <see cref="Verify"/> but returns the error instead of throwing it.</summary>
    public bool TryVerify([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out IndexException? error)
    {
        var expected = IndexNamespace.FromPublicKey(_publisher);
        if (!Name.AsSpan(0, IndexNamespace.Length).SequenceEqual(expected))
        {
            error = new IndexException(
                IndexErrorCode.WrongNamespace,
                $"name '{Name}' is in namespace '{Namespace}', but the publisher key {Convert.ToHexStringLower(_publisher)} owns namespace '{expected}'");
            return false;
        }

        Ed25519PublicKeyParameters key;
        try
        {
            key = new Ed25519PublicKeyParameters(_publisher);
        }
        catch (ArgumentException)
        {
            error = new IndexException(
                IndexErrorCode.BadSignature, $"publisher key {Convert.ToHexStringLower(_publisher)} is not a valid Ed25519 point");
            return false;
        }

        if (!key.Verify(Ed25519.Algorithm.Ed25519, null, GetSigningInput(), _signature))
        {
            error = new IndexException(
                IndexErrorCode.BadSignature,
                $"signature of '{Name}' seq {Seq} does not verify against publisher key {Convert.ToHexStringLower(_publisher)}");
            return false;
        }

        error = null;
        return true;
    }
}
