using RustyOnions.Proto.Errors;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Oap;

/// <summary>A request failed in a way the client must be told about with a status and an envelope code.</summary>
public sealed class OapServiceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OapServiceException(ushort status, string code, string message, bool retryable = false, long? retryAfterMs = null)
        : base(message)
    {
        Status = status;
        Code = code;
        Retryable = retryable;
        RetryAfterMs = retryAfterMs;
    }

    /// <summary>Creates a 500 INTERNAL.</summary>
    public OapServiceException()
        : this(OapStatus.Internal, OapErrorCode.Internal, "internal error")
    {
    }

    /// <summary>Creates a 500 INTERNAL with a message.</summary>
    public OapServiceException(string message)
        : this(OapStatus.Internal, OapErrorCode.Internal, message)
    {
    }

    /// <summary>Creates a 500 INTERNAL wrapping a cause.</summary>
    public OapServiceException(string message, Exception inner)
        : base(message, inner)
    {
        Status = OapStatus.Internal;
        Code = OapErrorCode.Internal;
    }

    /// <summary>The frame status.</summary>
    public ushort Status { get; }

    /// <summary>The envelope code.</summary>
    public string Code { get; }

    /// <summary>Whether retrying may succeed.</summary>
    public bool Retryable { get; }

    /// <summary>When a retry may succeed, if known.</summary>
    public long? RetryAfterMs { get; }

    /// <summary>The envelope's <c>reason</c> refinement, if any (e.g. "ratio").</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// When true the connection that carried the request is closed once this error was sent (other
    /// connections are unaffected): used when a peer broke the protocol inside a well-formed frame.
    /// </summary>
    public bool CloseConnection { get; init; }

    /// <summary>400 BAD_REQUEST.</summary>
    public static OapServiceException BadRequest(string message) => new(OapStatus.BadRequest, OapErrorCode.BadRequest, message);

    /// <summary>404 NOT_FOUND.</summary>
    public static OapServiceException NotFound(string message) => new(OapStatus.NotFound, OapErrorCode.NotFound, message);

    /// <summary>413 TOO_LARGE.</summary>
    public static OapServiceException TooLarge(string message) => new(OapStatus.TooLarge, OapErrorCode.TooLarge, message);
}
