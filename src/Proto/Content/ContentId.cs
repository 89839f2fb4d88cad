using System.Diagnostics.CodeAnalysis;

namespace RustyOnions.Proto.Content;

/// <summary>
/// A content address: <c>b3:&lt;64 lowercase hex&gt;</c>, the BLAKE3-256 digest of an object's bytes,
/// optionally followed by a <c>.tld</c> suffix (kept for compatibility with the original naming).
/// </summary>
public readonly struct ContentId : IEquatable<ContentId>
{
    /// <summary>Length of the digest in bytes.</summary>
    public const int DigestLength = 32;

    /// <summary>The textual prefix of every content id.</summary>
    public const string Prefix = "b3:";

    /// <summary>Longest accepted <c>.tld</c> suffix, including the dot.</summary>
    public const int MaxSuffixLength = 32;

    private readonly byte[]? _digest;

    private ContentId(byte[] digest, string? suffix)
    {
        _digest = digest;
        Suffix = suffix;
    }

    /// <summary>The optional suffix without its dot, or null.</summary>
    public string? Suffix { get; }

    /// <summary>The 32-byte digest.</summary>
    public ReadOnlySpan<byte> Digest => _digest ?? throw new InvalidOperationException("default ContentId has no digest");

    /// <summary>Builds a content id from a 32-byte digest.</summary>
    public static ContentId FromDigest(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != DigestLength)
        {
            throw new ArgumentException($"a BLAKE3-256 digest is {DigestLength} bytes, got {digest.Length}", nameof(digest));
        }

        return new ContentId(digest.ToArray(), null);
    }

    /// <summary>Hashes <paramref name="data"/> and returns its content id.</summary>
    public static ContentId Compute(ReadOnlySpan<byte> data)
    {
        var digest = new byte[DigestLength];
        using var hasher = Blake3.Hasher.New();
        hasher.Update(data);
        hasher.Finalize(digest);
        return new ContentId(digest, null);
    }

    /// <summary>Parses <c>b3:&lt;64 hex&gt;[.tld]</c>; hex is accepted in either case.</summary>
    public static ContentId Parse(string text)
    {
        if (!TryParse(text, out var id, out var error))
        {
            throw new FormatException(error);
        }

        return id;
    }

    /// <summary>Parses a content id, returning a precise reason on failure.</summary>
    public static bool TryParse(string? text, out ContentId id, [NotNullWhen(false)] out string? error)
    {
        id = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "content id is empty";
            return false;
        }

        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = $"content id must start with '{Prefix}'";
            return false;
        }

        var rest = text.AsSpan(Prefix.Length);
        if (rest.Length < DigestLength * 2)
        {
            error = $"content id must have {DigestLength * 2} hex digits after '{Prefix}'";
            return false;
        }

        var digest = new byte[DigestLength];
        if (!TryDecodeHex(rest[..(DigestLength * 2)], digest))
        {
            error = "content id digest is not hexadecimal";
            return false;
        }

        string? suffix = null;
        var tail = rest[(DigestLength * 2)..];
        if (tail.Length > 0)
        {
            if (tail[0] != '.' || tail.Length < 2 || tail.Length > MaxSuffixLength || !IsSuffix(tail[1..]))
            {
                error = "content id may only be followed by a '.tld' suffix of letters and digits";
                return false;
            }

            suffix = tail[1..].ToString();
        }

        id = new ContentId(digest, suffix);
        error = null;
        return true;
    }

    /// <summary>True when <paramref name="digest"/> equals this id's digest.</summary>
    public bool Matches(ReadOnlySpan<byte> digest) => Digest.SequenceEqual(digest);

    /// <summary>The canonical text without suffix: <c>b3:&lt;64 lowercase hex&gt;</c>.</summary>
    public string ToCanonicalString() => Prefix + Convert.ToHexStringLower(Digest);

    /// <inheritdoc />
    public override string ToString() => Suffix is null ? ToCanonicalString() : ToCanonicalString() + "." + Suffix;

    /// <summary>The digest as lowercase hex.</summary>
    public string Hex => Convert.ToHexStringLower(Digest);

    /// <inheritdoc />
    public bool Equals(ContentId other) => _digest is not null && other._digest is not null && Digest.SequenceEqual(other.Digest);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ContentId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _digest is null ? 0 : BitConverter.ToInt32(_digest, 0);

    /// <summary>Equality by digest.</summary>
    public static bool operator ==(ContentId left, ContentId right) => left.Equals(right);

    /// <summary>Inequality by digest.</summary>
    public static bool operator !=(ContentId left, ContentId right) => !left.Equals(right);

    private static bool TryDecodeHex(ReadOnlySpan<char> hex, Span<byte> dest)
    {
        for (var i = 0; i < dest.Length; i++)
        {
            var hi = HexValue(hex[2 * i]);
            var lo = HexValue(hex[(2 * i) + 1]);
            if ((hi | lo) < 0)
            {
                return false;
            }

            dest[i] = (byte)((hi << 4) | lo);
        }

        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool IsSuffix(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
