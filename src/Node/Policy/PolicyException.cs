namespace RustyOnions.Node.Policy;

/// <summary>A policy file that cannot be used; the message names the file, the setting and the fix.</summary>
public sealed class PolicyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PolicyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PolicyException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public PolicyException()
    {
    }
}
