namespace RustyOnions.Bridges.Ipfs.UnixFs;

/// <summary>A byte range of a file as in the trustless gateway's <c>entity-bytes=from:to</c> (IPIP-402):
/// both ends inclusive, negative values count back from the end, <see cref="To"/> null means "*" (to the end).</summary>
/// <param name="From">First byte (negative: size + From).</param>
/// <param name="To">Last byte, inclusive (negative: size + To); null for the end of the file.</param>
public readonly record struct EntityBytesRange(long From, long? To)
{
    /// <summary>The whole file.</summary>
    public static EntityBytesRange All => new(0, null);

    /// <summary>Resolves against a file size into [start, end) clamped to the file; empty when start ≥ end.</summary>
    public (long Start, long End) Resolve(long fileSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fileSize);
        long start = From < 0 ? Math.Max(0, fileSize + From) : Math.Min(From, fileSize);
        long end = To switch
        {
            null => fileSize,
            < 0 => Math.Max(0, fileSize + To.Value + 1),
            _ => Math.Min(fileSize, To.Value + 1),
        };
        return (start, Math.Max(start, end));
    }

    /// <summary>Parses <c>from:to</c> where to may be <c>*</c>.</summary>
    /// <exception cref="IpfsFormatException">Not two integers separated by ':', or from &gt; to when both are non-negative.</exception>
    public static EntityBytesRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
            throw new IpfsFormatException($"entity-bytes: '{text}' is not from:to");
        if (!long.TryParse(text.AsSpan(0, colon), System.Globalization.NumberStyles.AllowLeadingSign,
                System.Globalization.CultureInfo.InvariantCulture, out long from))
            throw new IpfsFormatException($"entity-bytes: invalid from in '{text}'");
        var toText = text.AsSpan(colon + 1);
        long? to = null;
        if (toText is not "*")
        {
            if (!long.TryParse(toText, System.Globalization.NumberStyles.AllowLeadingSign,
                    System.Globalization.CultureInfo.InvariantCulture, out long t))
                throw new IpfsFormatException($"entity-bytes: invalid to in '{text}'");
            if (from >= 0 && t >= 0 && t < from)
                throw new IpfsFormatException($"entity-bytes: to {t} is before from {from}");
            to = t;
        }
        return new EntityBytesRange(from, to);
    }

    /// <inheritdoc />
    public override string ToString() => $"{From}:{(To is { } t ? t.ToString(System.Globalization.CultureInfo.InvariantCulture) : "*")}";
}
