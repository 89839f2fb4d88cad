using RustyOnions.Index.Records;

namespace RustyOnions.Index.Store;

/// <summary>
/// The result of <see cref="IIndexStore.PublishAsync"/>.
/// </summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Submitted">The record that was offered.</param>
/// <param name="Current">The record the store holds for the name after the call (the conflict winner for conflicts).</param>
/// <param name="Previous">The record held for the name before the call, or null for a new name.</param>
/// <param name="ChangeSeq">The local change sequence assigned when the record was stored; 0 when nothing was stored.</param>
public sealed record PublishResult(PublishOutcome Outcome, NameRecord Submitted, NameRecord Current, NameRecord? Previous, long ChangeSeq)
{
    /// <summary>True when the store now holds <see cref="Submitted"/> as the current record (Accepted, ConflictWon).</summary>
    public bool Stored => Outcome is PublishOutcome.Accepted or PublishOutcome.ConflictWon;

    /// <summary>True when the submitted record is what the store holds now (Stored or Duplicate).</summary>
    public bool IsCurrent => Stored || Outcome == PublishOutcome.Duplicate;

    /// <summary>For conflicts, the record that lost the tie-break; otherwise null.</summary>
    public NameRecord? ConflictLoser => Outcome switch
    {
        PublishOutcome.ConflictWon => Previous,
        PublishOutcome.ConflictLost => Submitted,
        _ => null,
    };

    /// <summary>
    /// Throws <see cref="IndexException"/> for the refusals a publishing client should see:
    /// <see cref="IndexErrorCode.StaleSeq"/> for Stale and <see cref="IndexErrorCode.Conflict"/> for ConflictLost.
    /// </summary>
    public void ThrowIfRejected()
    {
        switch (Outcome)
        {
            case PublishOutcome.Stale:
                throw new IndexException(
                    IndexErrorCode.StaleSeq,
                    $"seq {Submitted.Seq} for '{Submitted.Name}' is not greater than the held seq {Current.Seq}; publish with seq > {Current.Seq}");
            case PublishOutcome.ConflictLost:
                throw new IndexException(
                    IndexErrorCode.Conflict,
                    $"'{Submitted.Name}' already has a different record at seq {Current.Seq} that wins the tie-break (smaller signature); publish with seq > {Current.Seq}");
            default:
                return;
        }
    }
}
