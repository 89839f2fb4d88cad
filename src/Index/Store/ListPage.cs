using RustyOnions.Index.Records;

namespace RustyOnions.Index.Store;

/// <summary>One page of <see cref="IIndexStore.ListAsync"/>.</summary>
/// <param name="Records">Current records in name order.</param>
/// <param name="CommonPrefixes">Rolled-up prefixes (only with a delimiter), in order.</param>
/// <param name="IsTruncated">True when more entries follow.</param>
/// <param name="NextStartAfter">The last entry returned (name or common prefix); pass it as <see cref="ListRequest.StartAfter"/> to continue. Null when the page is empty.</param>
public sealed record ListPage(
    IReadOnlyList<NameRecord> Records,
    IReadOnlyList<string> CommonPrefixes,
    bool IsTruncated,
    string? NextStartAfter);
