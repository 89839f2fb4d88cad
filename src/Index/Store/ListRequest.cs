using RustyOnions.Index.Records;

namespace RustyOnions.Index.Store;

/// <summary>
/// A page request for <see cref="IIndexStore.ListAsync"/>, shaped after S3 ListObjectsV2.
/// Names are ordered by their UTF-8 bytes (= Unicode code point order).
/// </summary>
public sealed record ListRequest
{
    /// <summary>Largest page.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Only names starting with this string (empty: every name).</summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary>
    /// Exclusive lower bound: only names (and common prefixes) greater than this. Pass the previous
    /// page's <see cref="ListPage.NextStartAfter"/> to continue.
    /// </summary>
    public string? StartAfter { get; init; }

    /// <summary>
    /// When set, names whose remainder after <see cref="Prefix"/> contains the delimiter are rolled
    /// up into one common prefix (prefix + remainder up to and including the first delimiter).
    /// </summary>
    public string? Delimiter { get; init; }

    /// <summary>Most entries (records plus common prefixes) in the page, 1..<see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = MaxLimit;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad field.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Prefix, nameof(Prefix));
        if (Limit is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, $"list limit must be between 1 and {MaxLimit}");
        }

        if (Delimiter is { Length: 0 })
        {
            throw new ArgumentException("list delimiter must be null or non-empty", nameof(Delimiter));
        }

        if (Prefix.Length > NameRules.MaxNameBytes || StartAfter?.Length > NameRules.MaxNameBytes)
        {
            throw new ArgumentException($"list prefix and start-after must be at most {NameRules.MaxNameBytes} characters");
        }
    }
}
