namespace RustyOnions.Bridges.Ipfs.Gateway;

/// <summary>Bounds of the trustless gateway and its background CID indexer. Immutable; checked by <see cref="Validate"/>.</summary>
/// <param name="CachedObjects">How many objects' block indexes (<see cref="UnixFs.UnixFsContentBlocks"/>) stay cached (LRU).</param>
/// <param name="IndexQueue">Stored objects waiting for their CID to be computed; a PUT that finds the queue full is
/// counted as dropped (the object is indexed at the next start's backfill).</param>
/// <param name="Limits">DAG/CAR bounds.</param>
public sealed record IpfsGatewayOptions(int CachedObjects = 64, int IndexQueue = 1024, IpfsLimits? Limits = null)
{
    /// <summary>The defaults.</summary>
    public static IpfsGatewayOptions Default { get; } = new();

    /// <summary>The effective limits.</summary>
    public IpfsLimits EffectiveLimits => Limits ?? IpfsLimits.Default;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bound that is out of range.</summary>
    public IpfsGatewayOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(CachedObjects, 1, nameof(CachedObjects));
        ArgumentOutOfRangeException.ThrowIfLessThan(IndexQueue, 1, nameof(IndexQueue));
        EffectiveLimits.Validate();
        return this;
    }
}
