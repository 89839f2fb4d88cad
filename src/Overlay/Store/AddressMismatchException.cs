using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Store;

/// <summary>The uploaded bytes do not hash to the address the client announced; nothing was stored.</summary>
public sealed class AddressMismatchException : ContentStoreException
{
    /// <summary>Creates the exception.</summary>
    public AddressMismatchException(ContentId expected, ContentId actual)
        : base($"uploaded bytes hash to {actual}, not to the expected {expected}; nothing was stored")
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The address the client announced.</summary>
    public ContentId Expected { get; }

    /// <summary>The address of the bytes actually received.</summary>
    public ContentId Actual { get; }
}
