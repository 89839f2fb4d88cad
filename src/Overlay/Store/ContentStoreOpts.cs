namespace RustyOnions.Overlay.Store;

/// <summary>Options of the on-disk <see cref="ContentStore"/>.</summary>
/// <param name="Root">Directory that holds <c>blobs/</c> and <c>tmp/</c>; created if missing.</param>
public sealed record ContentStoreOpts(string Root)
{
    /// <summary>Default <see cref="MaxObjectBytes"/>: 4 GiB.</summary>
    public const long DefaultMaxObjectBytes = 4L << 30;

    /// <summary>Largest object accepted by a PUT.</summary>
    public long MaxObjectBytes { get; init; } = DefaultMaxObjectBytes;

    /// <summary>
    /// fsync files and directories on commit and delete. Only tests and benchmarks should turn
    /// this off: without it a power loss may lose acknowledged objects (never corrupt them).
    /// </summary>
    public bool FsyncEnabled { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting and the fix.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Root))
        {
            throw new ArgumentException("ContentStoreOpts.Root is empty: set it to the store's data directory", nameof(Root));
        }

        if (MaxObjectBytes < 0)
        {
            throw new ArgumentException($"ContentStoreOpts.MaxObjectBytes is {MaxObjectBytes}: set it to 0 or more", nameof(MaxObjectBytes));
        }
    }
}
