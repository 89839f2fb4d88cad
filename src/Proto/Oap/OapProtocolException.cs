namespace RustyOnions.Proto.Oap;

/// <summary>A frame violates OAP/1; the connection that sent it must be closed.</summary>
public sealed class OapProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OapProtocolException(OapProtocolError error, string message)
        : base(message) => Error = error;

    /// <summary>Creates the exception (serialization-style constructor kept for analyzers).</summary>
    public OapProtocolException()
        : this(OapProtocolError.Truncated, "malformed OAP/1 frame")
    {
    }

    /// <summary>Creates the exception.</summary>
    public OapProtocolException(string message)
        : this(OapProtocolError.Truncated, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public OapProtocolException(string message, Exception inner)
        : base(message, inner) => Error = OapProtocolError.Truncated;

    /// <summary>What is wrong.</summary>
    public OapProtocolError Error { get; }

    /// <summary>The status to answer with before closing, when one can still be sent.</summary>
    public ushort Status => Error == OapProtocolError.FrameTooLarge ? OapStatus.TooLarge : OapStatus.BadRequest;
}
