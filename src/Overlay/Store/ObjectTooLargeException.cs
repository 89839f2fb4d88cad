namespace RustyOnions.Overlay.Store;

/// <summary>An object exceeds the store's <see cref="ContentStoreOpts.MaxObjectBytes"/>; nothing was stored.</summary>
public sealed class ObjectTooLargeException : ContentStoreException
{
    /// <summary>Creates the exception.</summary>
    public ObjectTooLargeException(long size, long limit)
        : base($"object of at least {size} bytes exceeds the store limit of {limit} bytes (MaxObjectBytes)")
    {
        Size = size;
        Limit = limit;
    }

    /// <summary>Bytes declared or received when the limit was crossed.</summary>
    public long Size { get; }

    /// <summary>The configured limit.</summary>
    public long Limit { get; }
}
