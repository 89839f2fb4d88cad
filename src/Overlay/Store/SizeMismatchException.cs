namespace RustyOnions.Overlay.Store;

/// <summary>The bytes received differ in length from the size the client declared; nothing was stored.</summary>
public sealed class SizeMismatchException : ContentStoreException
{
    /// <summary>Creates the exception.</summary>
    public SizeMismatchException(long declared, long received)
        : base($"declared size was {declared} bytes but {(received > declared ? "more than " : string.Empty)}{received} bytes were received; nothing was stored")
    {
        Declared = declared;
        Received = received;
    }

    /// <summary>The declared size.</summary>
    public long Declared { get; }

    /// <summary>Bytes received when the mismatch was detected.</summary>
    public long Received { get; }
}
