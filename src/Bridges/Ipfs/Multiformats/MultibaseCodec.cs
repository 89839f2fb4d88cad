namespace RustyOnions.Bridges.Ipfs.Multiformats;

/// <summary>Encodes and decodes multibase strings (prefix character + payload).</summary>
public static class MultibaseCodec
{
    /// <summary>Longest multibase string accepted by <see cref="Decode"/> (a CID with a 128-byte identity hash fits).</summary>
    public const int MaxStringLength = 512;

    /// <summary>Encodes <paramref name="data"/> with the prefix of <paramref name="encoding"/>.</summary>
    public static string Encode(ReadOnlySpan<byte> data, Multibase encoding) => encoding switch
    {
        Multibase.Base32Lower => "b" + Base32.Encode(data, upper: false),
        Multibase.Base32Upper => "B" + Base32.Encode(data, upper: true),
        Multibase.Base58Btc => "z" + Base58.Encode(data),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "unsupported multibase"),
    };

    /// <summary>Decodes a multibase string.</summary>
    /// <exception cref="IpfsFormatException">Empty, too long, unsupported prefix, or invalid characters/padding.</exception>
    public static byte[] Decode(string text, out Multibase encoding)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length < 2)
            throw new IpfsFormatException($"multibase: string of {text.Length} characters is too short (prefix + payload)");
        if (text.Length > MaxStringLength)
            throw new IpfsFormatException($"multibase: string of {text.Length} characters exceeds {MaxStringLength}");
        var payload = text.AsSpan(1);
        switch (text[0])
        {
            case 'b':
                encoding = Multibase.Base32Lower;
                return Base32.Decode(payload, upper: false);
            case 'B':
                encoding = Multibase.Base32Upper;
                return Base32.Decode(payload, upper: true);
            case 'z':
                encoding = Multibase.Base58Btc;
                return Base58.Decode(payload);
            default:
                throw new IpfsFormatException(
                    $"multibase: unsupported prefix '{text[0]}' (supported: 'b' base32, 'B' base32upper, 'z' base58btc)");
        }
    }
}
