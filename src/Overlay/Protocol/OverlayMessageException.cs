namespace RustyOnions.Overlay.Protocol;

/// <summary>An overlay message is malformed or over a limit; the link that sent it is closed.</summary>
public sealed class OverlayMessageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OverlayMessageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public OverlayMessageException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public OverlayMessageException()
    {
    }
}
