namespace RustyOnions.Transport.Tls.Connections;

/// <summary>
/// The authenticated stream under a client <see cref="Microsoft.AspNetCore.Connections.ConnectionContext"/>
/// (an <see cref="System.Net.Security.SslStream"/>), for callers that need TLS details such as the negotiated protocol.
/// </summary>
public interface IStreamFeature
{
    /// <summary>The stream the connection's pipes read and write.</summary>
    Stream Stream { get; }
}
