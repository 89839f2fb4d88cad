using RustyOnions.Index.Records;

namespace RustyOnions.Sdk.Index;

/// <summary>One page of a name listing.</summary>
/// <param name="Records">Current records in name order.</param>
/// <param name="CommonPrefixes">Rolled-up prefixes (only with a delimiter).</param>
/// <param name="IsTruncated">True when more entries follow.</param>
/// <param name="NextStartAfter">Pass as startAfter to continue; null when the page is empty.</param>
public sealed record RonNamePage(IReadOnlyList<NameRecord> Records, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? NextStartAfter);
