using RustyOnions.Proto.Addressing;

namespace RustyOnions.Index.Records;

/// <summary>
/// Namespaces: the first segment of every name, derived from the publisher's Ed25519 public key as
/// lowercase unpadded base32 of the first 20 bytes of BLAKE3-256(public key) (= the first 20 bytes of
/// the key's <see cref="PeerId"/>). 160 bits keep a second preimage out of reach while the text stays
/// 32 characters.
/// </summary>
public static class IndexNamespace
{
    /// <summary>Bytes of the BLAKE3 digest that the namespace keeps.</summary>
    public const int DigestBytes = 20;

    /// <summary>Length of a namespace in characters.</summary>
    public const int Length = 32;

    /// <summary>Derives the namespace of a 32-byte Ed25519 public key.</summary>
    public static string FromPublicKey(ReadOnlySpan<byte> ed25519PublicKey)
    {
        if (ed25519PublicKey.Length != NameRecord.PublicKeyLength)
        {
            throw new IndexException(
                IndexErrorCode.Malformed,
                $"an Ed25519 public key is {NameRecord.PublicKeyLength} bytes, got {ed25519PublicKey.Length}");
        }

        var peer = PeerId.FromPublicKey(ed25519PublicKey);
        return Base32.EncodeLower(peer.Bytes[..DigestBytes]);
    }

    /// <summary>True when <paramref name="text"/> has the shape of a namespace (32 base32 characters).</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        if (text.Length != Length)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!Base32.IsAlphabetChar(c))
            {
                return false;
            }
        }

        // 160 bits in 32 chars: the last char carries no padding bits, so every char is free.
        return true;
    }
}
