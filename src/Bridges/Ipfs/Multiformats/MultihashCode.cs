namespace RustyOnions.Bridges.Ipfs.Multiformats;

/// <summary>The multihash functions this implementation computes and verifies.</summary>
public enum MultihashCode : ulong
{
    /// <summary>identity (0x00): the digest is the data itself, bounded by <see cref="Multihash.MaxIdentityLength"/>.</summary>
    Identity = 0x00,
    /// <summary>sha2-256 (0x12), 32-byte digest: the IPFS default.</summary>
    Sha2_256 = 0x12,
    /// <summary>blake3 (0x1e), 32-byte digest (the default BLAKE3 output length).</summary>
    Blake3 = 0x1e,
}
