using Microsoft.Data.Sqlite;
using RustyOnions.Index.Records;

namespace RustyOnions.Index.Store.Sqlite;

/// <summary>Reads: each borrows a pooled reader connection, so they never wait for the writer (WAL).</summary>
public sealed partial class SqliteIndexStore
{
    /// <inheritdoc />
    public async ValueTask<NameRecord?> ResolveAsync(string name, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateName(name);
        var slot = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            slot.Resolve.Parameters[0].Value = name;
            // A tombstone is held (it outranks lower seqs) but the name resolves to nothing.
            return slot.Resolve.ExecuteScalar() is byte[] bytes && NameRecord.FromBytes(bytes) is { IsTombstone: false } record ? record : null;
        }
        finally
        {
            Return(slot);
        }
    }

    /// <inheritdoc />
    public async ValueTask<ListPage> ListAsync(ListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var slot = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return ListWalker.Walk(request, (bound, inclusive, upper, count) => Seek(slot, bound, inclusive, upper, count), cancellationToken);
        }
        finally
        {
            Return(slot);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<NameRecord>> HistoryAsync(string name, int limit = IndexStoreOptions.MaxHistoryLimit, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateName(name);
        PublishDecision.ValidateHistoryLimit(limit);
        var slot = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            slot.History.Parameters[0].Value = name;
            slot.History.Parameters[1].Value = limit;
            var history = new List<NameRecord>();
            using var reader = slot.History.ExecuteReader();
            while (reader.Read())
            {
                history.Add(NameRecord.FromBytes(reader.GetFieldValue<byte[]>(0)));
            }

            return history;
        }
        finally
        {
            Return(slot);
        }
    }

    /// <inheritdoc />
    public async ValueTask<ChangePage> GetSinceAsync(long cursor, int limit = ListRequest.MaxLimit, CancellationToken cancellationToken = default)
    {
        PublishDecision.ValidateSince(cursor, limit);
        var slot = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            slot.Since.Parameters[0].Value = cursor;
            slot.Since.Parameters[1].Value = limit + 1;
            var changes = new List<ChangedRecord>();
            var next = cursor;
            var hasMore = false;
            using var reader = slot.Since.ExecuteReader();
            while (reader.Read())
            {
                if (changes.Count == limit)
                {
                    hasMore = true;
                    break;
                }

                next = reader.GetInt64(0);
                changes.Add(new ChangedRecord(next, NameRecord.FromBytes(reader.GetFieldValue<byte[]>(1))));
            }

            return new ChangePage(changes, next, hasMore);
        }
        finally
        {
            Return(slot);
        }
    }

    /// <inheritdoc />
    public async ValueTask<long> CountAsync(CancellationToken cancellationToken = default)
    {
        var slot = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (long)slot.Count.ExecuteScalar()!;
        }
        finally
        {
            Return(slot);
        }
    }

    private static IEnumerable<NameRecord> Seek(ReaderSlot slot, string bound, bool inclusive, string? upper, int count)
    {
        var command = inclusive ? slot.SeekInclusive : slot.SeekExclusive;
        command.Parameters[0].Value = bound;
        command.Parameters[1].Value = upper ?? Sql.NoUpper;
        command.Parameters[2].Value = count;
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return NameRecord.FromBytes(reader.GetFieldValue<byte[]>(0));
        }
    }

    private async ValueTask<ReaderSlot> RentAsync(CancellationToken cancellationToken)
    {
        await _readerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            return _idleReaders.TryTake(out var slot) ? slot : new ReaderSlot(_connectionString);
        }
        catch
        {
            _readerGate.Release();
            throw;
        }
    }

    private void Return(ReaderSlot slot)
    {
        if (Volatile.Read(ref _disposed))
        {
            slot.Dispose();
        }
        else
        {
            _idleReaders.Add(slot);
        }

        _readerGate.Release();
    }
}
