namespace RustyOnions.Bridges.Ipfs;

/// <summary>Safety bounds for decoding blocks, walking DAGs and reading CARs. Immutable; checked by <see cref="Validate"/>.</summary>
/// <param name="MaxBlockSize">Largest block accepted (dag-pb node, raw leaf or CAR section payload). Default 2 MiB,
/// the block size IPFS peers exchange.</param>
/// <param name="MaxLinks">Largest number of links in one dag-pb node (fan-out). Default 10,000.</param>
/// <param name="MaxDepth">Deepest DAG level walked below the root. Default 32.</param>
/// <param name="MaxCarRoots">Largest number of roots a CAR header may list. Default 16.</param>
/// <param name="MaxCarHeaderSize">Largest CAR header (dag-cbor) in bytes. Default 4 KiB.</param>
public sealed record IpfsLimits(
    int MaxBlockSize = IpfsLimits.DefaultMaxBlockSize,
    int MaxLinks = 10_000,
    int MaxDepth = 32,
    int MaxCarRoots = 16,
    int MaxCarHeaderSize = 4096)
{
    /// <summary>2 MiB.</summary>
    public const int DefaultMaxBlockSize = 2 * 1024 * 1024;

    /// <summary>The defaults.</summary>
    public static IpfsLimits Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bound that is not positive.</summary>
    public IpfsLimits Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBlockSize, 1, nameof(MaxBlockSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLinks, 1, nameof(MaxLinks));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDepth, 1, nameof(MaxDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCarRoots, 1, nameof(MaxCarRoots));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCarHeaderSize, 16, nameof(MaxCarHeaderSize));
        return this;
    }
}
