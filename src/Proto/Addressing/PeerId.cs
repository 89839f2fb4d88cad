using System.Diagnostics.CodeAnalysis;

namespace RustyOnions.Proto.Addressing;

/// <summary>
/// A node's identity: BLAKE3-256 of its Ed25519 public key, written as 64 lowercase hex digits.
/// </summary>
public readonly struct PeerId : IEquatable<PeerId>, IComparable<PeerId>
{
    /// <summary>Digest length in bytes.</summary>
    public const int Length = 32;

    private readonly byte[]? _bytes;

    private PeerId(byte[] bytes) => _bytes = bytes;

    /// <summary>The 32 identity bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes ?? throw new InvalidOperationException("default PeerId has no bytes");

    /// <summary>True for <c>default(PeerId)</c>.</summary>
    public bool IsEmpty => _bytes is null;

    /// <summary>Derives the PeerId of an Ed25519 public key (32 bytes).</summary>
    public static PeerId FromPublicKey(ReadOnlySpan<byte> ed25519PublicKey)
    {
        if (ed25519PublicKey.Length != 32)
        {
            throw new ArgumentException($"an Ed25519 public key is 32 bytes, got {ed25519PublicKey.Length}", nameof(ed25519PublicKey));
        }

        var digest = new byte[Length];
        using var hasher = Blake3.Hasher.New();
        hasher.Update(ed25519PublicKey);
        hasher.Finalize(digest);
        return new PeerId(digest);
    }

    /// <summary>Wraps 32 raw bytes.</summary>
    public static PeerId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"a PeerId is {Length} bytes, got {bytes.Length}", nameof(bytes));
        }

        return new PeerId(bytes.ToArray());
    }

    /// <summary>Parses 64 hex digits.</summary>
    public static PeerId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"a PeerId is {Length * 2} hex digits, got '{text}'");

    /// <summary>Parses 64 hex digits.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out PeerId id)
    {
        id = default;
        if (text is null || text.Length != Length * 2)
        {
            return false;
        }

        try
        {
            id = new PeerId(Convert.FromHexString(text));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => _bytes is null ? string.Empty : Convert.ToHexStringLower(_bytes);

    /// <inheritdoc />
    public bool Equals(PeerId other) =>
        _bytes is null ? other._bytes is null : other._bytes is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PeerId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _bytes is null ? 0 : BitConverter.ToInt32(_bytes, 0);

    /// <inheritdoc />
    public int CompareTo(PeerId other) => Bytes.SequenceCompareTo(other.Bytes);

    /// <summary>Equality by bytes.</summary>
    public static bool operator ==(PeerId left, PeerId right) => left.Equals(right);

    /// <summary>Inequality by bytes.</summary>
    public static bool operator !=(PeerId left, PeerId right) => !left.Equals(right);

    /// <summary>Ordering by bytes.</summary>
    public static bool operator <(PeerId left, PeerId right) => left.CompareTo(right) < 0;

    /// <summary>Ordering by bytes.</summary>
    public static bool operator >(PeerId left, PeerId right) => left.CompareTo(right) > 0;

    /// <summary>Ordering by bytes.</summary>
    public static bool operator <=(PeerId left, PeerId right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering by bytes.</summary>
    public static bool operator >=(PeerId left, PeerId right) => left.CompareTo(right) >= 0;
}
