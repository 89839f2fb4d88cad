using RustyOnions.Proto.Content;

namespace RustyOnions.Index.Records;

/// <summary>
/// A signed name record: <see cref="Name"/> (<c>&lt;namespace&gt;/&lt;path&gt;</c>) points at
/// <see cref="Address"/>. Immutable; every instance satisfies the syntax and size rules of
/// <see cref="NameRules"/>. Authority (namespace and signature) is checked by <see cref="Verify"/>,
/// which every store runs before it accepts a record.
/// </summary>
public sealed partial class NameRecord : IEquatable<NameRecord>
{
    /// <summary>Ed25519 public key length.</summary>
    public const int PublicKeyLength = 32;

    /// <summary>Ed25519 signature length.</summary>
    public const int SignatureLength = 64;

    private readonly byte[] _publisher;
    private readonly byte[] _signature;
    private byte[]? _encoded;

    private NameRecord(
        string name, ContentId address, long size, string mediaType, long seq, long createdUnixMs, byte[] publisher, byte[] signature)
    {
        NameRules.ValidateName(name);
        if (address.Suffix is not null)
        {
            throw new IndexException(IndexErrorCode.Malformed, "addr must be a plain b3:<hex> content id without a .tld suffix");
        }

        _ = address.Digest; // throws for default(ContentId)
        NameRules.ValidateInteger("size", size);
        NameRules.ValidateMediaType(mediaType);
        ValidateTombstone(address, size, mediaType);
        NameRules.ValidateInteger("seq", seq);
        NameRules.ValidateInteger("created_ms", createdUnixMs);
        if (publisher.Length != PublicKeyLength)
        {
            throw new IndexException(IndexErrorCode.Malformed, $"publisher key is {publisher.Length} bytes; Ed25519 keys are {PublicKeyLength}");
        }

        if (signature.Length != SignatureLength)
        {
            throw new IndexException(IndexErrorCode.Malformed, $"sig is {signature.Length} bytes; Ed25519 signatures are {SignatureLength}");
        }

        Name = name;
        Address = address;
        Size = size;
        MediaType = mediaType;
        Seq = seq;
        CreatedUnixMs = createdUnixMs;
        _publisher = publisher;
        _signature = signature;
    }

    /// <summary>The full name, <c>&lt;namespace&gt;/&lt;path&gt;</c>.</summary>
    public string Name { get; }

    /// <summary>The namespace segment (32 base32 characters).</summary>
    public string Namespace => Name[..IndexNamespace.Length];

    /// <summary>The path after the namespace and its slash.</summary>
    public string Path => Name[(IndexNamespace.Length + 1)..];

    /// <summary>BLAKE3 content id of the named object.</summary>
    public ContentId Address { get; }

    /// <summary>Object size in bytes.</summary>
    public long Size { get; }

    /// <summary>Media type, e.g. <c>image/webp</c>.</summary>
    public string MediaType { get; }

    /// <summary>Publisher-chosen sequence number; a higher seq replaces a lower one.</summary>
    public long Seq { get; }

    /// <summary>Creation time claimed by the publisher, Unix milliseconds.</summary>
    public long CreatedUnixMs { get; }

    /// <summary><see cref="CreatedUnixMs"/> as a timestamp.</summary>
    public DateTimeOffset Created => DateTimeOffset.FromUnixTimeMilliseconds(CreatedUnixMs);

    /// <summary>The publisher's Ed25519 public key (32 bytes).</summary>
    public ReadOnlySpan<byte> Publisher => _publisher;

    /// <summary>The Ed25519 signature (64 bytes) over the signing input.</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    /// <summary>
    /// Builds a record from its fields (e.g. from another encoding) and checks the syntax and size
    /// rules; the signature is not checked here (call <see cref="Verify"/>).
    /// </summary>
    public static NameRecord Create(
        string name,
        ContentId address,
        long size,
        string mediaType,
        long seq,
        long createdUnixMs,
        ReadOnlySpan<byte> publisher,
        ReadOnlySpan<byte> signature) =>
        new(name, address, size, mediaType, seq, createdUnixMs, publisher.ToArray(), signature.ToArray());

    /// <inheritdoc />
    public bool Equals(NameRecord? other) =>
        other is not null && (ReferenceEquals(this, other) || EncodedBytes.AsSpan().SequenceEqual(other.EncodedBytes));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as NameRecord);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Seq, BitConverter.ToInt32(_signature, 0));

    /// <inheritdoc />
    public override string ToString() => $"{Name} seq={Seq} -> {Address} ({Size} bytes, {MediaType})";
}
