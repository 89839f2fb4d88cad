namespace RustyOnions.Index.Store;

/// <summary>Options shared by every index store.</summary>
public record IndexStoreOptions
{
    /// <summary>Largest allowed <see cref="HistoryLimit"/>.</summary>
    public const int MaxHistoryLimit = 1024;

    /// <summary>Records kept per name (newest first); older ones are pruned on publish. 1..1024, default 16.</summary>
    public int HistoryLimit { get; init; } = 16;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public virtual void Validate()
    {
        if (HistoryLimit is < 1 or > MaxHistoryLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(HistoryLimit), HistoryLimit, $"index HistoryLimit must be between 1 and {MaxHistoryLimit}");
        }
    }
}
