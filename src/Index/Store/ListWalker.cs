using RustyOnions.Index.Records;

namespace RustyOnions.Index.Store;

/// <summary>
/// The listing algorithm shared by every store (so paging and delimiter semantics cannot drift):
/// walks names in order through a store-provided seek, rolling names up into common prefixes and
/// jumping past each common prefix with one seek.
/// </summary>
internal static class ListWalker
{
    /// <summary>Lazily yields current records with names in [bound, upper) (or (bound, upper) when not inclusive), in order, at most count.</summary>
    public delegate IEnumerable<NameRecord> Seek(string bound, bool inclusive, string? upper, int count);

    public static ListPage Walk(ListRequest request, Seek seek, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var prefix = request.Prefix;
        var delimiter = request.Delimiter;
        var limit = request.Limit;
        var upper = prefix.Length == 0 ? null : NameOrder.Successor(prefix);
        var records = new List<NameRecord>();
        var prefixes = new List<string>();
        var empty = new ListPage(records, prefixes, false, null);

        string bound = prefix;
        var inclusive = true;
        if (request.StartAfter is { } after && NameOrder.CompareStrings(after, prefix) >= 0)
        {
            bound = after;
            inclusive = false;

            // A common prefix that is a prefix of StartAfter sorts at or before it: it was returned already.
            var rolled = CommonPrefix(after, prefix, delimiter);
            if (rolled is not null)
            {
                var next = NameOrder.Successor(rolled);
                if (next is null)
                {
                    return empty;
                }

                bound = next;
                inclusive = true;
            }
        }

        if (upper is not null && NameOrder.CompareStrings(bound, upper) >= 0)
        {
            return empty;
        }

        string? last = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var wanted = limit - records.Count - prefixes.Count + 1;
            var seen = 0;
            var jumped = false;
            foreach (var record in seek(bound, inclusive, upper, wanted))
            {
                seen++;
                if (record.IsTombstone)
                {
                    // Unpublished: skip it before the limit check, so a full page is "truncated" only when a live
                    // entry follows, and a common prefix appears only if a live name lies under it.
                    bound = record.Name;
                    inclusive = false;
                    continue;
                }

                if (records.Count + prefixes.Count == limit)
                {
                    return new ListPage(records, prefixes, true, last);
                }

                var rolled = CommonPrefix(record.Name, prefix, delimiter);
                if (rolled is null)
                {
                    records.Add(record);
                    last = record.Name;
                    bound = record.Name;
                    inclusive = false;
                    continue;
                }

                prefixes.Add(rolled);
                last = rolled;
                var next = NameOrder.Successor(rolled);
                if (next is null || (upper is not null && NameOrder.CompareStrings(next, upper) >= 0))
                {
                    return new ListPage(records, prefixes, false, last);
                }

                bound = next;
                inclusive = true;
                jumped = true;
                break;
            }

            if (!jumped && seen < wanted)
            {
                return new ListPage(records, prefixes, false, last);
            }
        }
    }

    private static string? CommonPrefix(string name, string prefix, string? delimiter)
    {
        if (delimiter is null || !name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var at = name.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
        return at < 0 ? null : name[..(at + delimiter.Length)];
    }
}
