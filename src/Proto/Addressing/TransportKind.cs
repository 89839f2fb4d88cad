namespace RustyOnions.Proto.Addressing;

/// <summary>The transports a node address can name.</summary>
public enum TransportKind
{
    /// <summary>TLS 1.3 over TCP: <c>tls://host:port</c>.</summary>
    Tls,

    /// <summary>An onion service reached through tor's SOCKS port: <c>tor://&lt;56 chars&gt;.onion:port</c>.</summary>
    Tor,
}
