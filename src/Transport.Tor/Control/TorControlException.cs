namespace RustyOnions.Transport.Tor.Control;

/// <summary>
/// Tor answered a command with an error status (4xx/5xx), e.g. 515 authentication failed,
/// 512/513 bad arguments, 551 internal error, 552 unrecognized entity.
/// </summary>
public sealed class TorControlException : Exception
{
    /// <summary>Creates the exception for a tor status code and its text.</summary>
    public TorControlException(int code, string message)
        : base(message) => Code = code;

    /// <summary>Creates an exception without a code (serialization-style constructors are not needed).</summary>
    public TorControlException()
        : this(0, "tor control error")
    {
    }

    /// <summary>Creates an exception without a code.</summary>
    public TorControlException(string message)
        : this(0, message)
    {
    }

    /// <summary>Creates an exception without a code, wrapping another.</summary>
    public TorControlException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Tor's three-digit status code (see control-spec "Replies").</summary>
    public int Code { get; }

    /// <summary>True for 515 (bad authentication).</summary>
    public bool IsAuthenticationFailure => Code == 515;
}
