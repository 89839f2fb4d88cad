using RustyOnions.Index.Records;

namespace RustyOnions.Index.Store;

/// <summary>
/// Holds signed name records: the current record per name, a bounded history, and a local change
/// sequence for anti-entropy. Implementations: <see cref="Sqlite.SqliteIndexStore"/> (on disk) and
/// <see cref="Memory.MemoryIndexStore"/> (amnesia mode); both behave identically. Thread-safe.
/// </summary>
public interface IIndexStore : IAsyncDisposable
{
    /// <summary>How many same-name, same-seq, different-content meetings were resolved since open.</summary>
    long ConflictCount { get; }

    /// <summary>Raised (outside the store's locks) after each conflict resolution.</summary>
    event EventHandler<ConflictEventArgs>? ConflictResolved;

    /// <summary>
    /// Verifies and offers a record. Invalid records (bad signature, wrong namespace) throw
    /// <see cref="IndexException"/> and are stored nowhere; valid ones yield an outcome (stale and lost
    /// conflicts are outcomes, not exceptions, so federation can treat them as normal; call
    /// <see cref="PublishResult.ThrowIfRejected"/> to turn them into errors for a client).
    /// </summary>
    ValueTask<PublishResult> PublishAsync(NameRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Offers many records at once (a federation batch, a bulk import): verifies all of them first
    /// (in parallel) and throws for the first invalid one without storing anything; then applies each
    /// in order exactly as <see cref="PublishAsync"/> would, in one transaction. Results are in input order.
    /// </summary>
    ValueTask<IReadOnlyList<PublishResult>> PublishManyAsync(IReadOnlyList<NameRecord> records, CancellationToken cancellationToken = default);

    /// <summary>The current record for <paramref name="name"/>, or null. Throws InvalidName/TooLarge for a malformed name.</summary>
    ValueTask<NameRecord?> ResolveAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>A page of current records (and common prefixes) in name order.</summary>
    ValueTask<ListPage> ListAsync(ListRequest request, CancellationToken cancellationToken = default);

    /// <summary>The accepted records of <paramref name="name"/>, newest (highest seq) first, at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<NameRecord>> HistoryAsync(string name, int limit = IndexStoreOptions.MaxHistoryLimit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Current records whose last accepted write has a change sequence greater than <paramref name="cursor"/>
    /// (0 = from the start), in change order, at most <paramref name="limit"/> (1..1000).
    /// </summary>
    ValueTask<ChangePage> GetSinceAsync(long cursor, int limit = ListRequest.MaxLimit, CancellationToken cancellationToken = default);

    /// <summary>The number of names held.</summary>
    ValueTask<long> CountAsync(CancellationToken cancellationToken = default);
}
