namespace RustyOnions.Bridges.Ipfs.Multiformats;

/// <summary>The multibase encodings this implementation reads and writes.</summary>
/// <remarks>The value is the multibase prefix character.</remarks>
public enum Multibase
{
    /// <summary>RFC 4648 base32, lower case, no padding: prefix 'b' (the CIDv1 default).</summary>
    Base32Lower = 'b',
    /// <summary>RFC 4648 base32, upper case, no padding: prefix 'B' (read only by default; writable).</summary>
    Base32Upper = 'B',
    /// <summary>Bitcoin base58: prefix 'z' (js-ipfs' CIDv1 default; CIDv0 strings are base58btc without prefix).</summary>
    Base58Btc = 'z',
}
