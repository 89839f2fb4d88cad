using RustyOnions.Index.Records;

namespace RustyOnions.Index.Store.Memory;

/// <summary>
/// The memory-only index store for amnesia mode: no file I/O at all; everything is gone on dispose.
/// Same semantics as <see cref="Sqlite.SqliteIndexStore"/>.
/// </summary>
public sealed class MemoryIndexStore : IIndexStore
{
    private readonly Lock _lock = new();
    private readonly IndexStoreOptions _options;
    private readonly SortedNameSet _names = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, string> _changes = [];
    private long _lastChange;
    private long _conflicts;
    private bool _disposed;

    /// <summary>Creates an empty store.</summary>
    public MemoryIndexStore(IndexStoreOptions? options = null)
    {
        _options = options ?? new IndexStoreOptions();
        _options.Validate();
    }

    /// <inheritdoc />
    public event EventHandler<ConflictEventArgs>? ConflictResolved;

    /// <inheritdoc />
    public long ConflictCount => Interlocked.Read(ref _conflicts);

    /// <inheritdoc />
    public ValueTask<PublishResult> PublishAsync(NameRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        record.Verify();
        PublishResult result;
        lock (_lock)
        {
            ThrowIfDisposed();
            result = Apply(record);
        }

        RaiseIfConflict(result);
        return ValueTask.FromResult(result);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PublishResult>> PublishManyAsync(IReadOnlyList<NameRecord> records, CancellationToken cancellationToken = default)
    {
        PublishDecision.VerifyAll(records, cancellationToken);
        var results = new PublishResult[records.Count];
        lock (_lock)
        {
            ThrowIfDisposed();
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = Apply(records[i]);
            }
        }

        foreach (var result in results)
        {
            RaiseIfConflict(result);
        }

        return ValueTask.FromResult<IReadOnlyList<PublishResult>>(results);
    }

    /// <inheritdoc />
    public ValueTask<NameRecord?> ResolveAsync(string name, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateName(name);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ThrowIfDisposed();
            // A tombstone is held (it outranks lower seqs) but the name resolves to nothing.
            return ValueTask.FromResult(_entries.TryGetValue(name, out var entry) && !entry.Current.IsTombstone ? entry.Current : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<ListPage> ListAsync(ListRequest request, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            return ValueTask.FromResult(ListWalker.Walk(request, Seek, cancellationToken));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<NameRecord>> HistoryAsync(string name, int limit = IndexStoreOptions.MaxHistoryLimit, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateName(name);
        PublishDecision.ValidateHistoryLimit(limit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ThrowIfDisposed();
            IReadOnlyList<NameRecord> history = _entries.TryGetValue(name, out var entry)
                ? entry.History.Take(limit).ToArray()
                : [];
            return ValueTask.FromResult(history);
        }
    }

    /// <inheritdoc />
    public ValueTask<ChangePage> GetSinceAsync(long cursor, int limit = ListRequest.MaxLimit, CancellationToken cancellationToken = default)
    {
        PublishDecision.ValidateSince(cursor, limit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ThrowIfDisposed();
            var changes = new List<ChangedRecord>();
            var next = cursor;
            var hasMore = false;

            // SortedDictionary has no seek; the feed is for anti-entropy, not a hot path.
            foreach (var (change, name) in _changes)
            {
                if (change <= cursor)
                {
                    continue;
                }

                if (changes.Count == limit)
                {
                    hasMore = true;
                    break;
                }

                changes.Add(new ChangedRecord(change, _entries[name].Current));
                next = change;
            }

            return ValueTask.FromResult(new ChangePage(changes, next, hasMore));
        }
    }

    /// <inheritdoc />
    public ValueTask<long> CountAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            return ValueTask.FromResult((long)_entries.Count);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _disposed = true;
            _entries.Clear();
            _changes.Clear();
        }

        return ValueTask.CompletedTask;
    }

    private PublishResult Apply(NameRecord record)
    {
        _entries.TryGetValue(record.Name, out var entry);
        var outcome = PublishDecision.Decide(entry?.Current, record);
        if (outcome is not (PublishOutcome.Accepted or PublishOutcome.ConflictWon))
        {
            return new PublishResult(outcome, record, entry!.Current, entry.Current, 0);
        }

        NameRecord? previous = null;
        if (entry is null)
        {
            entry = new Entry();
            _entries.Add(record.Name, entry);
            _names.Add(record.Name);
        }
        else
        {
            previous = entry.Current;
            _changes.Remove(entry.Change);
        }

        if (outcome == PublishOutcome.ConflictWon)
        {
            entry.History.RemoveAt(0);
        }

        entry.History.Insert(0, record);
        if (entry.History.Count > _options.HistoryLimit)
        {
            entry.History.RemoveRange(_options.HistoryLimit, entry.History.Count - _options.HistoryLimit);
        }

        entry.Current = record;
        entry.Change = ++_lastChange;
        _changes.Add(entry.Change, record.Name);
        return new PublishResult(outcome, record, record, previous, entry.Change);
    }

    private IEnumerable<NameRecord> Seek(string bound, bool inclusive, string? upper, int count)
    {
        foreach (var name in _names.From(bound, inclusive))
        {
            if (count-- == 0 || (upper is not null && NameOrder.CompareStrings(name, upper) >= 0))
            {
                yield break;
            }

            yield return _entries[name].Current;
        }
    }

    private void RaiseIfConflict(PublishResult result)
    {
        if (result.Outcome is not (PublishOutcome.ConflictWon or PublishOutcome.ConflictLost))
        {
            return;
        }

        Interlocked.Increment(ref _conflicts);
        ConflictResolved?.Invoke(this, new ConflictEventArgs(result.Current, result.ConflictLoser!));
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private sealed class Entry
    {
        public NameRecord Current { get; set; } = null!;

        public long Change { get; set; }

        /// <summary>Newest first; the head is always <see cref="Current"/>.</summary>
        public List<NameRecord> History { get; } = [];
    }
}
