using RustyOnions.Bridges.Ipfs.Multiformats;

namespace RustyOnions.Bridges.Ipfs;

/// <summary>A block and its CID.</summary>
/// <param name="Cid">The block's CID.</param>
/// <param name="Data">The block bytes. When handed to a callback, valid only until the callback's task completes
/// unless documented otherwise: copy to retain.</param>
public readonly record struct IpfsBlock(Cid Cid, ReadOnlyMemory<byte> Data);
