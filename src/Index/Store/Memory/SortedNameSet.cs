namespace RustyOnions.Index.Store.Memory;

/// <summary>
/// An ordered set of names with O(log n) seek and cheap inserts: sorted chunks of at most
/// <see cref="ChunkSize"/> names. (SortedSet's range views count their range on creation, which
/// makes paging O(n) per page.) Not thread-safe; the store locks around it.
/// </summary>
internal sealed class SortedNameSet
{
    private const int ChunkSize = 256;
    private readonly List<List<string>> _chunks = [];

    public int Count { get; private set; }

    /// <summary>Adds a name; false when present.</summary>
    public bool Add(string name)
    {
        if (_chunks.Count == 0)
        {
            _chunks.Add([name]);
            Count++;
            return true;
        }

        var c = ChunkFor(name);
        var chunk = _chunks[c];
        var i = chunk.BinarySearch(name, NameOrder.Instance);
        if (i >= 0)
        {
            return false;
        }

        chunk.Insert(~i, name);
        Count++;
        if (chunk.Count > ChunkSize)
        {
            var half = chunk.Count / 2;
            var tail = chunk.GetRange(half, chunk.Count - half);
            chunk.RemoveRange(half, chunk.Count - half);
            _chunks.Insert(c + 1, tail);
        }

        return true;
    }

    /// <summary>Names from <paramref name="bound"/> (inclusive or not) upward, in order.</summary>
    public IEnumerable<string> From(string bound, bool inclusive)
    {
        if (_chunks.Count == 0)
        {
            yield break;
        }

        var c = ChunkFor(bound);
        var i = _chunks[c].BinarySearch(bound, NameOrder.Instance);
        i = i >= 0 ? (inclusive ? i : i + 1) : ~i;
        for (; c < _chunks.Count; c++, i = 0)
        {
            var chunk = _chunks[c];
            for (; i < chunk.Count; i++)
            {
                yield return chunk[i];
            }
        }
    }

    // The last chunk whose first name is <= name (or the first chunk).
    private int ChunkFor(string name)
    {
        int lo = 0, hi = _chunks.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (NameOrder.CompareStrings(_chunks[mid][0], name) <= 0)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }
}
