using RustyOnions.Proto.Addressing;

namespace RustyOnions.Transport.Tls.Client;

/// <summary>A TLS dial failed; <see cref="Error"/> says why, the message says it precisely.</summary>
public sealed class TlsDialException : IOException
{
    /// <summary>Creates the exception.</summary>
    public TlsDialException(TlsDialError error, NodeAddress? address, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
        Address = address;
    }

    /// <summary>Creates an exception without details (analyzer convention).</summary>
    public TlsDialException()
        : this(TlsDialError.HandshakeFailed, null, "TLS dial failed")
    {
    }

    /// <summary>Creates an exception with a message only.</summary>
    public TlsDialException(string message)
        : this(TlsDialError.HandshakeFailed, null, message)
    {
    }

    /// <summary>Creates an exception with a message and cause.</summary>
    public TlsDialException(string message, Exception innerException)
        : this(TlsDialError.HandshakeFailed, null, message, innerException)
    {
    }

    /// <summary>The failure class.</summary>
    public TlsDialError Error { get; }

    /// <summary>The address being dialed, when known.</summary>
    public NodeAddress? Address { get; }

    /// <summary>True for failures worth retrying later (refused, unreachable, timeout, reset).</summary>
    public bool IsTransient => Error is TlsDialError.ConnectionRefused or TlsDialError.ConnectFailed or TlsDialError.Timeout or TlsDialError.HandshakeFailed;
}
