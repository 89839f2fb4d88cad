namespace RustyOnions.Overlay.Peers;

/// <summary>A peer call failed: unreachable, refused, or an error envelope (<see cref="Status"/>, <see cref="Code"/>).</summary>
public sealed class PeerLinkException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PeerLinkException(int status, string code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
        Code = code;
    }

    /// <summary>Creates a transport-level failure (status 0).</summary>
    public PeerLinkException(string message, Exception? inner)
        : this(0, "UNREACHABLE", message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PeerLinkException()
        : this(0, "UNREACHABLE", "peer link failed")
    {
    }

    /// <summary>Creates the exception.</summary>
    public PeerLinkException(string message)
        : this(0, "UNREACHABLE", message)
    {
    }

    /// <summary>The peer's status code (0 when the failure was the link itself).</summary>
    public int Status { get; }

    /// <summary>The peer's error code (UNREACHABLE when the link failed).</summary>
    public string Code { get; }

    /// <summary>True when the peer does not hold the object.</summary>
    public bool IsNotFound => Status == 404;
}
