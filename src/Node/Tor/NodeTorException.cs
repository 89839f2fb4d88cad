namespace RustyOnions.Node.Tor;

/// <summary>The node cannot use tor (control port unreachable, authentication refused, ...).</summary>
public sealed class NodeTorException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NodeTorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NodeTorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NodeTorException()
        : base("tor is not usable")
    {
    }
}
