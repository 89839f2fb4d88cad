namespace RustyOnions.Bridges.Ipfs.UnixFs;

/// <summary>The UnixFS <c>Data</c> message carried in a dag-pb node's Data field.</summary>
/// <param name="Type">Field 1.</param>
/// <param name="Data">Field 2: inline bytes; null when absent (importer inner nodes write none).</param>
/// <param name="FileSize">Field 3: total file bytes below this node; null when absent.</param>
/// <param name="BlockSizes">Field 4 (repeated, non-packed when written): file bytes under each child link, in link order.</param>
/// <param name="HashType">Field 5 (HAMT shards); null when absent.</param>
/// <param name="Fanout">Field 6 (HAMT shards); null when absent.</param>
public sealed record UnixFsData(
    UnixFsType Type,
    ReadOnlyMemory<byte>? Data,
    ulong? FileSize,
    IReadOnlyList<ulong> BlockSizes,
    ulong? HashType = null,
    ulong? Fanout = null);
