using RustyOnions.Bridges.Ipfs.Multiformats;

namespace RustyOnions.Bridges.Ipfs.UnixFs;

/// <summary>Outcome of an import.</summary>
/// <param name="Root">The file's CID (CIDv1: raw for one chunk, dag-pb otherwise).</param>
/// <param name="FileSize">Bytes imported.</param>
/// <param name="DagSize">Cumulative size of the DAG (the root's Tsize: every block's length).</param>
/// <param name="BlockCount">Blocks produced (leaves and inner nodes).</param>
public sealed record UnixFsImportResult(Cid Root, long FileSize, ulong DagSize, int BlockCount);
