namespace RustyOnions.Transport.Tor.Control;

/// <summary>
/// The control connection could not be opened (tor not running: connection refused) or was lost
/// (tor exited or closed it mid-command), or tor broke the protocol (over-long line or reply).
/// </summary>
public sealed class TorControlConnectionException : IOException
{
    /// <summary>Creates the exception.</summary>
    public TorControlConnectionException()
        : base("tor control connection failed")
    {
    }

    /// <summary>Creates the exception with a precise message.</summary>
    public TorControlConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a precise message and the underlying error.</summary>
    public TorControlConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
