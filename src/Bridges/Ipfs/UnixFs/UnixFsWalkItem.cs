using RustyOnions.Bridges.Ipfs.Multiformats;

namespace RustyOnions.Bridges.Ipfs.UnixFs;

/// <summary>One verified block visited by <see cref="UnixFsWalker"/>, in DFS pre-order (a node before its children,
/// leaves in file order).</summary>
/// <param name="Cid">The block's CID.</param>
/// <param name="Block">The verified block bytes.</param>
/// <param name="Depth">0 for the root.</param>
/// <param name="FileOffset">Offset in the file of <paramref name="FileBytes"/>.</param>
/// <param name="FileBytes">File content carried by this block: a raw leaf's bytes or a UnixFS node's inline Data
/// (empty for importer inner nodes).</param>
public readonly record struct UnixFsWalkItem(Cid Cid, ReadOnlyMemory<byte> Block, int Depth, long FileOffset, ReadOnlyMemory<byte> FileBytes);
