namespace RustyOnions.Sdk.Errors;

/// <summary>
/// The node refused the capability: 401 UNAUTHENTICATED (missing, malformed, unknown issuer, bad
/// signature, expired, revoked) or 403 FORBIDDEN (tenant mismatch, op not granted); see
/// <see cref="RonException.Reason"/> and specs/caps.md. Never retried: a new RON_CAP is needed.
/// </summary>
public sealed class RonAuthException : RonException
{
    /// <summary>Creates the exception from a 401/403 envelope.</summary>
    public RonAuthException(ushort status, string code, string message, ulong corrId, string? reason)
        : base(status, code, message, corrId, false, null) => Reason = reason;

    /// <summary>Creates an exception without a node status.</summary>
    public RonAuthException()
    {
    }

    /// <summary>Creates an exception without a node status.</summary>
    public RonAuthException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception without a node status, wrapping a cause.</summary>
    public RonAuthException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>True for 403 (valid credentials that do not allow this), false for 401.</summary>
    public bool IsForbidden => Status == 403;
}
