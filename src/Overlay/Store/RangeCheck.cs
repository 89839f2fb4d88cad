namespace RustyOnions.Overlay.Store;

internal static class RangeCheck
{
    /// <summary>Validates a range and returns its length.</summary>
    public static long Resolve(long offset, long? length, long size)
    {
        if (offset < 0 || offset > size || length < 0 || (length is { } l && l > size - offset))
        {
            throw new RangeNotSatisfiableException(offset, length, size);
        }

        return length ?? (size - offset);
    }
}
