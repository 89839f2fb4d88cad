using RustyOnions.Proto.Errors;

namespace RustyOnions.Sdk.Errors;

/// <summary>The node answered with an error envelope (or the exchange failed in a typed way).</summary>
public class RonException : Exception
{
    /// <summary>Creates the exception from a status and envelope.</summary>
    public RonException(ushort status, string code, string message, ulong corrId, bool retryable, long? retryAfterMs)
        : base(message)
    {
        Status = status;
        Code = code;
        CorrId = corrId;
        Retryable = retryable;
        RetryAfterMs = retryAfterMs;
    }

    /// <summary>Creates an exception without a node status.</summary>
    public RonException()
        : this(0, OapErrorCode.Internal, "RustyOnions request failed", 0, false, null)
    {
    }

    /// <summary>Creates an exception without a node status.</summary>
    public RonException(string message)
        : this(0, OapErrorCode.Internal, message, 0, false, null)
    {
    }

    /// <summary>Creates an exception without a node status, wrapping a cause.</summary>
    public RonException(string message, Exception inner)
        : base(message, inner) => Code = OapErrorCode.Internal;

    /// <summary>The frame status (e.g. 404), or 0 when the failure is local.</summary>
    public ushort Status { get; }

    /// <summary>The envelope code (e.g. NOT_FOUND).</summary>
    public string Code { get; }

    /// <summary>The request's correlation id.</summary>
    public ulong CorrId { get; }

    /// <summary>Whether the node said a retry may succeed.</summary>
    public bool Retryable { get; }

    /// <summary>The node's retry hint, if any.</summary>
    public long? RetryAfterMs { get; }

    /// <summary>The envelope's machine-readable refinement of the code (e.g. <c>expired</c>), if any.</summary>
    public string? Reason { get; protected init; }

    /// <summary>Builds the exception from an error frame.</summary>
    public static RonException FromEnvelope(ushort status, ulong corrId, ReadOnlySpan<byte> payload)
    {
        var e = OapErrorEnvelope.TryParse(payload);
        return e is null
            ? new RonException(status, OapErrorCode.Internal, $"node answered status {status} without a valid error envelope", corrId, false, null)
            : status is 401 or 403 ? new RonAuthException(status, e.Code, e.Message, corrId, e.Reason)
            : status == 451 ? new RonLegalException(status, e.Code, e.Message, corrId, e.Reason)
            : new RonException(status, e.Code, e.Message, corrId, e.Retryable, e.RetryAfterMs) { Reason = e.Reason };
    }
}
