using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Store;

/// <summary>
/// Stored bytes do not hash to what they must: the read stops here and no byte of the failing
/// block was handed out.
/// </summary>
public sealed class CorruptObjectException : ContentStoreException
{
    /// <summary>Creates the exception for <paramref name="address"/> at <paramref name="offset"/>.</summary>
    public CorruptObjectException(ContentId address, long offset, string reason)
        : base($"object {address} is corrupt at offset {offset}: {reason}")
    {
        Address = address;
        Offset = offset;
    }

    /// <summary>The object's content address.</summary>
    public ContentId Address { get; }

    /// <summary>Start offset of the block (or range) that failed verification.</summary>
    public long Offset { get; }
}
