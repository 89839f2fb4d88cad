using System.Net;
using Microsoft.AspNetCore.Connections;
using RustyOnions.Proto.Addressing;
using RustyOnions.Transport.Tls.Connections;

namespace RustyOnions.Transport.Tls.Client;

/// <summary>
/// <see cref="IConnectionFactory"/> over <see cref="TlsDialer"/>, so TLS is interchangeable with other transports.
/// Accepts <see cref="NodeAddressEndPoint"/> (with an optional pin), <see cref="DnsEndPoint"/> and
/// <see cref="IPEndPoint"/> (no pin: CA mode). The connection carries <see cref="IRonPeerFeature"/>.
/// </summary>
public sealed class TlsConnectionFactory : IConnectionFactory
{
    private readonly TlsDialOpts _opts;

    /// <summary>Creates a factory; the options are validated now.</summary>
    public TlsConnectionFactory(TlsDialOpts opts)
    {
        ArgumentNullException.ThrowIfNull(opts);
        opts.Validate();
        _opts = opts;
    }

    /// <inheritdoc />
    /// <exception cref="TlsDialException">The dial failed.</exception>
    public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var address = endpoint switch
        {
            NodeAddressEndPoint n => n.Address,
            DnsEndPoint d => new NodeAddress(TransportKind.Tls, d.Host, d.Port, null),
            IPEndPoint ip => new NodeAddress(TransportKind.Tls, ip.Address.ToString(), ip.Port, null),
            _ => throw new ArgumentException($"TlsConnectionFactory cannot dial a {endpoint.GetType().Name}; pass a NodeAddressEndPoint, DnsEndPoint or IPEndPoint", nameof(endpoint)),
        };
        var result = await TlsDialer.DialAsync(null, address, _opts, cancellationToken).ConfigureAwait(false);
        return new StreamConnectionContext(result.Stream, result.LocalEndPoint, result.RemoteEndPoint ?? endpoint, new RonPeerFeature(result.RemotePeer));
    }
}
