using RustyOnions.Index.Records;

namespace RustyOnions.Sdk.Index;

/// <summary>What a node did with one published record.</summary>
/// <param name="Outcome">accepted, duplicate, stale, conflict_won or conflict_lost.</param>
/// <param name="Current">The record the node holds for the name afterwards.</param>
/// <param name="Replicated">For single publishes: how many federation members acknowledged the push (-1 for batches).</param>
public sealed record RonPublishOutcome(string Outcome, NameRecord Current, int Replicated);
