using System.Security.Cryptography;

namespace RustyOnions.Bridges.Ipfs.Multiformats;

/// <summary>A multihash: <c>varint(code) | varint(length) | digest</c>. Immutable.</summary>
public sealed class Multihash : IEquatable<Multihash>
{
    /// <summary>Largest identity "digest" accepted (Kubo's bound on inlined data).</summary>
    public const int MaxIdentityLength = 128;

    /// <summary>Digest length of sha2-256 and blake3.</summary>
    public const int DigestLength32 = 32;

    private readonly byte[] _digest;

    private Multihash(MultihashCode code, byte[] digest)
    {
        Code = code;
        _digest = digest;
    }

    /// <summary>The hash function.</summary>
    public MultihashCode Code { get; }

    /// <summary>The digest bytes (for identity: the data).</summary>
    public ReadOnlySpan<byte> Digest => _digest;

    /// <summary>Encoded length: code varint + length varint + digest.</summary>
    public int EncodedLength => Varint.GetLength((ulong)Code) + Varint.GetLength((ulong)_digest.Length) + _digest.Length;

    /// <summary>Hashes <paramref name="data"/> with <paramref name="code"/>.</summary>
    /// <exception cref="IpfsLimitException">Identity over <see cref="MaxIdentityLength"/> bytes.</exception>
    public static Multihash Compute(MultihashCode code, ReadOnlySpan<byte> data)
    {
        var digest = code switch
        {
            MultihashCode.Sha2_256 => SHA256.HashData(data),
            MultihashCode.Blake3 => Blake3.Hasher.Hash(data).AsSpan().ToArray(),
            MultihashCode.Identity => data.Length <= MaxIdentityLength
                ? data.ToArray()
                : throw new IpfsLimitException($"multihash identity: {data.Length} bytes exceed {MaxIdentityLength}"),
            _ => throw new ArgumentOutOfRangeException(nameof(code), code, "unsupported multihash"),
        };
        return new Multihash(code, digest);
    }

    /// <summary>Builds a multihash from a digest already computed, validating its length.</summary>
    public static Multihash FromDigest(MultihashCode code, ReadOnlySpan<byte> digest)
    {
        ValidateLength(code, digest.Length);
        return new Multihash(code, digest.ToArray());
    }

    /// <summary>Reads a multihash from the start of <paramref name="source"/>.</summary>
    /// <exception cref="IpfsFormatException">Unknown code, wrong digest length, or truncated.</exception>
    public static Multihash Read(ReadOnlySpan<byte> source, out int consumed)
    {
        ulong code = Varint.Read(source, out int n1, "multihash code");
        ulong len = Varint.Read(source[n1..], out int n2, "multihash length");
        if (code is not ((ulong)MultihashCode.Sha2_256 or (ulong)MultihashCode.Blake3 or (ulong)MultihashCode.Identity))
            throw new IpfsFormatException(
                $"multihash: unsupported code 0x{code:x} (supported: sha2-256 0x12, blake3 0x1e, identity 0x00)");
        var mh = (MultihashCode)code;
        if (len > MaxIdentityLength)
            throw new IpfsLimitException($"multihash {Name(mh)}: digest length {len} exceeds {MaxIdentityLength}");
        ValidateLength(mh, (int)len);
        int start = n1 + n2;
        if (source.Length - start < (int)len)
            throw new IpfsFormatException(
                $"multihash {Name(mh)}: truncated digest ({source.Length - start} of {len} bytes)");
        consumed = start + (int)len;
        return new Multihash(mh, source.Slice(start, (int)len).ToArray());
    }

    /// <summary>True when <paramref name="data"/> hashes to this multihash.</summary>
    public bool Matches(ReadOnlySpan<byte> data)
    {
        switch (Code)
        {
            case MultihashCode.Identity:
                return data.SequenceEqual(_digest);
            case MultihashCode.Sha2_256:
            {
                Span<byte> d = stackalloc byte[32];
                SHA256.HashData(data, d);
                return d.SequenceEqual(_digest);
            }
            default:
            {
                Span<byte> d = stackalloc byte[32];
                Blake3.Hasher.Hash(data, d);
                return d.SequenceEqual(_digest);
            }
        }
    }

    /// <summary>Writes the encoded multihash; returns the bytes written.</summary>
    public int WriteTo(Span<byte> destination)
    {
        int n = Varint.Write(destination, (ulong)Code);
        n += Varint.Write(destination[n..], (ulong)_digest.Length);
        _digest.CopyTo(destination[n..]);
        return n + _digest.Length;
    }

    /// <summary>The encoded multihash.</summary>
    public byte[] ToBytes()
    {
        var b = new byte[EncodedLength];
        WriteTo(b);
        return b;
    }

    /// <summary>Display name of a hash function (multicodec table name).</summary>
    public static string Name(MultihashCode code) => code switch
    {
        MultihashCode.Sha2_256 => "sha2-256",
        MultihashCode.Blake3 => "blake3",
        MultihashCode.Identity => "identity",
        _ => $"0x{(ulong)code:x}",
    };

    private static void ValidateLength(MultihashCode code, int length)
    {
        switch (code)
        {
            case MultihashCode.Sha2_256 or MultihashCode.Blake3 when length != DigestLength32:
                throw new IpfsFormatException($"multihash {Name(code)}: digest length {length}, expected {DigestLength32}");
            case MultihashCode.Identity when length > MaxIdentityLength:
                throw new IpfsLimitException($"multihash identity: digest length {length} exceeds {MaxIdentityLength}");
            case MultihashCode.Sha2_256 or MultihashCode.Blake3 or MultihashCode.Identity:
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(code), code, "unsupported multihash");
        }
    }

    /// <inheritdoc />
    public bool Equals(Multihash? other) => other is not null && other.Code == Code && other._digest.AsSpan().SequenceEqual(_digest);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Multihash);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Code);
        h.AddBytes(_digest);
        return h.ToHashCode();
    }
}
