namespace RustyOnions.Bridges.Ipfs.UnixFs;

/// <summary>Chunking and layout of <see cref="UnixFsImporter"/>. The defaults reproduce
/// <c>ipfs add --cid-version=1</c>: 262,144-byte chunks, balanced DAG with 174 links per node, raw leaves.</summary>
/// <param name="ChunkSize">Fixed chunk size in bytes (1 .. 1 MiB).</param>
/// <param name="MaxChildrenPerNode">Largest number of links per inner node (2 .. 10,000).</param>
public sealed record UnixFsImporterOptions(int ChunkSize = 262_144, int MaxChildrenPerNode = 174)
{
    /// <summary>The <c>ipfs add --cid-version=1</c> defaults.</summary>
    public static UnixFsImporterOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the setting that is out of range.</summary>
    public UnixFsImporterOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ChunkSize, 1, nameof(ChunkSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ChunkSize, 1024 * 1024, nameof(ChunkSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxChildrenPerNode, 2, nameof(MaxChildrenPerNode));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxChildrenPerNode, 10_000, nameof(MaxChildrenPerNode));
        return this;
    }
}
