using RustyOnions.Index.Records;

namespace RustyOnions.Sdk.Index;

/// <summary>One page of a node's index change feed (anti-entropy).</summary>
/// <param name="Records">Current records changed after the cursor, in change order.</param>
/// <param name="NextCursor">Pass back as since to continue.</param>
/// <param name="HasMore">True when more changes follow.</param>
public sealed record RonChangePage(IReadOnlyList<NameRecord> Records, long NextCursor, bool HasMore);
