namespace RustyOnions.Overlay.Store;

/// <summary>Base of every typed failure raised by a content store.</summary>
public abstract class ContentStoreException : Exception
{
    /// <summary>Creates the exception with a precise message.</summary>
    protected ContentStoreException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
