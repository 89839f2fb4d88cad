namespace RustyOnions.Transport.Tls.Client;

/// <summary>Why a TLS dial failed (see <see cref="TlsDialException.Error"/>).</summary>
public enum TlsDialError
{
    /// <summary>The remote host actively refused the TCP connection.</summary>
    ConnectionRefused,

    /// <summary>The host name could not be resolved.</summary>
    HostNotFound,

    /// <summary>The network or host is unreachable, or another socket error occurred.</summary>
    ConnectFailed,

    /// <summary>The TCP connect or the TLS handshake exceeded its timeout.</summary>
    Timeout,

    /// <summary>The peer's certificate proves a different PeerId than the address pins.</summary>
    PeerIdMismatch,

    /// <summary>The address pins a PeerId but the certificate has no identity extension.</summary>
    MissingIdentityExtension,

    /// <summary>The identity extension is malformed, its signature does not verify, or the certificate is expired.</summary>
    InvalidIdentityExtension,

    /// <summary>CA mode: the certificate does not chain to a trusted root or does not match the host name.</summary>
    UntrustedCertificate,

    /// <summary>The server did not select the "oap/1" ALPN protocol.</summary>
    AlpnMismatch,

    /// <summary>The TLS handshake failed for another reason (protocol error, our client certificate refused, reset).</summary>
    HandshakeFailed,

    /// <summary>The dial options or address are unusable (for example a pin is required but missing).</summary>
    InvalidRequest,
}
