using RustyOnions.Bridges.Ipfs.Multiformats;

namespace RustyOnions.Bridges.Ipfs.DagPb;

/// <summary>A dag-pb link: <c>Hash</c> (field 1), optional <c>Name</c> (field 2), optional <c>Tsize</c> (field 3).</summary>
/// <param name="Hash">The child CID.</param>
/// <param name="Name">The link name; null means absent, "" is present and empty (what UnixFS file nodes write).</param>
/// <param name="Tsize">Cumulative size of the child DAG (its block plus its descendants' Tsizes); null when absent.</param>
public sealed record PbLink(Cid Hash, string? Name, ulong? Tsize);
