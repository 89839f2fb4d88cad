namespace RustyOnions.Overlay.Store;

/// <summary>A requested byte range lies (partly) outside the object (maps to HTTP-like 416).</summary>
public sealed class RangeNotSatisfiableException : ContentStoreException
{
    /// <summary>Creates the exception.</summary>
    public RangeNotSatisfiableException(long offset, long? length, long size)
        : base($"range offset {offset}{(length is { } l ? $" length {l}" : string.Empty)} is not inside the object of {size} bytes")
    {
        Offset = offset;
        Length = length;
        Size = size;
    }

    /// <summary>Requested offset.</summary>
    public long Offset { get; }

    /// <summary>Requested length, or null for "to the end".</summary>
    public long? Length { get; }

    /// <summary>The object's size.</summary>
    public long Size { get; }
}
