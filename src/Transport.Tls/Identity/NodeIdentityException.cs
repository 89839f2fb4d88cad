namespace RustyOnions.Transport.Tls.Identity;

/// <summary>The node identity key could not be loaded, created or used; the message names the file and the fix.</summary>
public sealed class NodeIdentityException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NodeIdentityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public NodeIdentityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message (serializer/analyzer convention).</summary>
    public NodeIdentityException()
    {
    }
}
