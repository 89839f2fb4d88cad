namespace RustyOnions.Index.Store;

/// <summary>One page of <see cref="IIndexStore.GetSinceAsync"/>.</summary>
/// <param name="Changes">Current records whose last write is after the cursor, in change order.</param>
/// <param name="NextCursor">Pass back to continue; equals the last change returned (or the given cursor when empty).</param>
/// <param name="HasMore">True when more changes follow <see cref="NextCursor"/>.</param>
public sealed record ChangePage(IReadOnlyList<ChangedRecord> Changes, long NextCursor, bool HasMore);
