namespace RustyOnions.Bridges.Ipfs.Multiformats;

/// <summary>A content identifier, v0 (bare sha2-256 multihash, dag-pb) or v1
/// (<c>varint(1) | varint(codec) | multihash</c>). Immutable; equality is by binary form.</summary>
public sealed class Cid : IEquatable<Cid>
{
    /// <summary>Longest binary CID accepted (identity multihash bound plus headers).</summary>
    public const int MaxBinaryLength = 3 * Varint.MaxLength + Multihash.MaxIdentityLength;

    private readonly byte[] _bytes;

    private Cid(int version, Multicodec codec, Multihash hash, byte[] bytes)
    {
        Version = version;
        Codec = codec;
        Hash = hash;
        _bytes = bytes;
    }

    /// <summary>0 or 1.</summary>
    public int Version { get; }

    /// <summary>The content codec (always dag-pb for v0).</summary>
    public Multicodec Codec { get; }

    /// <summary>The multihash of the block.</summary>
    public Multihash Hash { get; }

    /// <summary>The binary CID (v0: the multihash; v1: version, codec, multihash).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The binary CID as memory (shared, do not mutate).</summary>
    public ReadOnlyMemory<byte> BytesMemory => _bytes;

    /// <summary>Creates a CIDv1.</summary>
    public static Cid CreateV1(Multicodec codec, Multihash hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        CheckCodec((ulong)codec);
        var bytes = new byte[Varint.GetLength(1) + Varint.GetLength((ulong)codec) + hash.EncodedLength];
        int n = Varint.Write(bytes, 1);
        n += Varint.Write(bytes.AsSpan(n), (ulong)codec);
        hash.WriteTo(bytes.AsSpan(n));
        return new Cid(1, codec, hash, bytes);
    }

    /// <summary>Creates a CIDv0 (dag-pb, sha2-256).</summary>
    public static Cid CreateV0(Multihash hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (hash.Code != MultihashCode.Sha2_256)
            throw new IpfsFormatException($"CIDv0 requires sha2-256, got {Multihash.Name(hash.Code)}");
        return new Cid(0, Multicodec.DagPb, hash, hash.ToBytes());
    }

    /// <summary>Hashes a block and returns its CIDv1.</summary>
    public static Cid Compute(Multicodec codec, ReadOnlySpan<byte> block, MultihashCode hash = MultihashCode.Sha2_256)
        => CreateV1(codec, Multihash.Compute(hash, block));

    /// <summary>Reads a binary CID from the start of <paramref name="source"/> (as inside a CAR section or a dag-pb link).</summary>
    /// <exception cref="IpfsFormatException">Malformed, truncated, or unsupported version/codec/hash.</exception>
    public static Cid Read(ReadOnlySpan<byte> source, out int consumed)
    {
        // CIDv0 is a bare sha2-256 multihash: 0x12 0x20 followed by 32 bytes.
        if (source.Length >= 2 && source[0] == 0x12 && source[1] == 0x20)
        {
            var mh = Multihash.Read(source, out consumed);
            return new Cid(0, Multicodec.DagPb, mh, source[..consumed].ToArray());
        }
        ulong version = Varint.Read(source, out int n1, "CID version");
        if (version != 1)
            throw new IpfsFormatException(version == 0x12
                ? "CID: a v0 CID must be a sha2-256 multihash of 32 bytes"
                : $"CID: unsupported version {version} (expected 1, or a v0 sha2-256 multihash)");
        ulong codec = Varint.Read(source[n1..], out int n2, "CID codec");
        CheckCodec(codec);
        var hash = Multihash.Read(source[(n1 + n2)..], out int n3);
        consumed = n1 + n2 + n3;
        return new Cid(1, (Multicodec)codec, hash, source[..consumed].ToArray());
    }

    /// <summary>Parses a binary CID that must span all of <paramref name="bytes"/>.</summary>
    public static Cid FromBytes(ReadOnlySpan<byte> bytes)
    {
        var cid = Read(bytes, out int consumed);
        if (consumed != bytes.Length)
            throw new IpfsFormatException($"CID: {bytes.Length - consumed} trailing bytes after a {consumed}-byte CID");
        return cid;
    }

    /// <summary>Parses a CID string: v0 "Qm..." (base58btc, 46 chars) or v1 multibase ('b', 'B' or 'z').</summary>
    /// <exception cref="IpfsFormatException">With the reason: bad multibase, bad characters, unsupported codec, ...</exception>
    public static Cid Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 46 && text.StartsWith("Qm", StringComparison.Ordinal))
        {
            var raw = Base58.Decode(text);
            var cid = FromBytes(raw);
            if (cid.Version != 0)
                throw new IpfsFormatException("CID: a 'Qm' string must decode to a v0 sha2-256 multihash");
            return cid;
        }
        var bytes = MultibaseCodec.Decode(text, out _);
        var v1 = FromBytes(bytes);
        if (v1.Version == 0)
            throw new IpfsFormatException("CID: a v0 CID must be written in base58btc without a multibase prefix");
        return v1;
    }

    /// <summary>Parses without throwing; <paramref name="error"/> says why it failed.</summary>
    public static bool TryParse(string? text, out Cid? cid, out string? error)
    {
        cid = null;
        error = null;
        if (text is null)
        {
            error = "CID: null";
            return false;
        }
        try
        {
            cid = Parse(text);
            return true;
        }
        catch (IpfsException e)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>This CID as v1 (same codec and hash).</summary>
    public Cid ToV1() => Version == 1 ? this : CreateV1(Codec, Hash);

    /// <summary>True when <paramref name="block"/> hashes to this CID's multihash.</summary>
    public bool Matches(ReadOnlySpan<byte> block) => Hash.Matches(block);

    /// <summary>Throws <see cref="IpfsVerificationException"/> unless <paramref name="block"/> hashes to this CID.</summary>
    public void Verify(ReadOnlySpan<byte> block)
    {
        if (!Hash.Matches(block))
            throw new IpfsVerificationException(
                $"block of {block.Length} bytes does not match {Multihash.Name(Hash.Code)} digest of CID {this}");
    }

    /// <summary>The canonical string: v0 base58btc "Qm...", v1 base32 lower "b...".</summary>
    public override string ToString() => Version == 0 ? Base58.Encode(_bytes) : MultibaseCodec.Encode(_bytes, Multibase.Base32Lower);

    /// <summary>The string in a chosen multibase (v1 only; v0 is always base58btc without prefix).</summary>
    public string ToString(Multibase encoding)
    {
        if (Version == 0)
        {
            if (encoding != Multibase.Base58Btc)
                throw new InvalidOperationException("a CIDv0 has only its base58btc form; call ToV1() first");
            return Base58.Encode(_bytes);
        }
        return MultibaseCodec.Encode(_bytes, encoding);
    }

    /// <inheritdoc />
    public bool Equals(Cid? other) => other is not null && other._bytes.AsSpan().SequenceEqual(_bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Cid);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(_bytes);
        return h.ToHashCode();
    }

    private static void CheckCodec(ulong codec)
    {
        if (codec is not ((ulong)Multicodec.Raw or (ulong)Multicodec.DagPb))
            throw new IpfsFormatException($"CID: unsupported codec 0x{codec:x} (supported: raw 0x55, dag-pb 0x70)");
    }
}
