namespace RustyOnions.Index.Store.Sqlite;

/// <summary>Options of the on-disk index store.</summary>
public sealed record SqliteIndexStoreOptions : IndexStoreOptions
{
    /// <summary>Path of the SQLite database file (created with its directory when missing).</summary>
    public required string Path { get; init; }

    /// <summary>
    /// <c>synchronous=FULL</c> (fsync on every commit) instead of NORMAL. With NORMAL under WAL a
    /// power loss may drop the last commits but never corrupts; records are re-fetchable from peers.
    /// </summary>
    public bool FullSync { get; init; }

    /// <summary>Most concurrent reader connections (each keeps its prepared statements). 1..64, default 8.</summary>
    public int MaxReaders { get; init; } = 8;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException("index store Path must name a database file", nameof(Path));
        }

        if (MaxReaders is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReaders), MaxReaders, "index store MaxReaders must be between 1 and 64");
        }
    }
}
