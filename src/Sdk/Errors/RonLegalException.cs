namespace RustyOnions.Sdk.Errors;

/// <summary>451 UNAVAILABLE_FOR_LEGAL_REASONS: this node's operator blocks the content (other nodes may serve it).</summary>
public sealed class RonLegalException : RonException
{
    /// <summary>Creates the exception from a 451 envelope.</summary>
    public RonLegalException(ushort status, string code, string message, ulong corrId, string? reason)
        : base(status, code, message, corrId, false, null) => Reason = reason;

    /// <summary>Creates an exception without a node status.</summary>
    public RonLegalException()
    {
    }

    /// <summary>Creates an exception without a node status.</summary>
    public RonLegalException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception without a node status, wrapping a cause.</summary>
    public RonLegalException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
