using RustyOnions.Index.Records;

namespace RustyOnions.Index.Store;

/// <summary>The one publish rule every store applies, so that all stores agree on every outcome.</summary>
internal static class PublishDecision
{
    public static PublishOutcome Decide(NameRecord? current, NameRecord incoming)
    {
        if (current is null || incoming.Seq > current.Seq)
        {
            return PublishOutcome.Accepted;
        }

        if (incoming.Seq < current.Seq)
        {
            return PublishOutcome.Stale;
        }

        if (incoming.Equals(current))
        {
            return PublishOutcome.Duplicate;
        }

        return TieBreak(incoming, current) < 0 ? PublishOutcome.ConflictWon : PublishOutcome.ConflictLost;
    }

    /// <summary>
    /// Orders two different records of the same name and seq: smaller signature bytes first, then
    /// smaller encoded bytes (only reachable if two records ever shared a signature). Arrival order
    /// never matters.
    /// </summary>
    public static int TieBreak(NameRecord a, NameRecord b)
    {
        var bySignature = a.Signature.SequenceCompareTo(b.Signature);
        return bySignature != 0 ? bySignature : a.Encoded.SequenceCompareTo(b.Encoded);
    }

    /// <summary>Verifies a batch in parallel; throws the error of the first invalid record (lowest index).</summary>
    public static void VerifyAll(IReadOnlyList<NameRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var errors = new IndexException?[records.Count];
        Parallel.For(0, records.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            ArgumentNullException.ThrowIfNull(records[i], nameof(records));
            records[i].TryVerify(out errors[i]);
        });
        for (var i = 0; i < errors.Length; i++)
        {
            if (errors[i] is { } error)
            {
                throw new IndexException(error.Code, $"record {i} of the batch: {error.Message}", error);
            }
        }
    }

    /// <summary>Validates a change-feed request the same way in every store.</summary>
    public static void ValidateSince(long cursor, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cursor);
        if (limit is < 1 or > ListRequest.MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"change page limit must be between 1 and {ListRequest.MaxLimit}");
        }
    }

    /// <summary>Validates a history request the same way in every store.</summary>
    public static void ValidateHistoryLimit(int limit)
    {
        if (limit is < 1 or > IndexStoreOptions.MaxHistoryLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"history limit must be between 1 and {IndexStoreOptions.MaxHistoryLimit}");
        }
    }
}
