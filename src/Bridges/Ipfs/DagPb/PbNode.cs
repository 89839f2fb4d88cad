namespace RustyOnions.Bridges.Ipfs.DagPb;

/// <summary>A dag-pb node: <c>Links</c> (field 2, repeated, encoded first) and optional <c>Data</c> (field 1).</summary>
/// <param name="Links">The links, in order.</param>
/// <param name="Data">The data bytes (UnixFS Data for UnixFS nodes); null when absent.</param>
public sealed record PbNode(IReadOnlyList<PbLink> Links, ReadOnlyMemory<byte>? Data);
