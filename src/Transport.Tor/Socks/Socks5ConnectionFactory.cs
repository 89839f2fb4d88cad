using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;

namespace RustyOnions.Transport.Tor.Socks;

/// <summary>
/// <see cref="IConnectionFactory"/> over <see cref="Socks5Dialer"/>: ConnectAsync takes a
/// <see cref="DnsEndPoint"/> (e.g. "&lt;56&gt;.onion", port) and returns a pipe-based
/// <see cref="ConnectionContext"/> over the tunnelled socket, like any other transport.
/// </summary>
public sealed class Socks5ConnectionFactory : IConnectionFactory, IDisposable
{
    private readonly Socks5Dialer _dialer;
    private readonly SocketConnectionContextFactory _contexts;

    /// <summary>Creates a factory dialing through <paramref name="dialer"/>.</summary>
    public Socks5ConnectionFactory(Socks5Dialer dialer)
    {
        ArgumentNullException.ThrowIfNull(dialer);
        _dialer = dialer;
        _contexts = new SocketConnectionContextFactory(new SocketConnectionFactoryOptions(), NullLogger.Instance);
    }

    /// <summary>Creates a factory for the given options.</summary>
    public Socks5ConnectionFactory(Socks5Opts opts)
        : this(new Socks5Dialer(opts))
    {
    }

    /// <inheritdoc/>
    public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var (host, port) = endpoint switch
        {
            DnsEndPoint d => (d.Host, d.Port),
            // An IP literal goes to the proxy as text too: tor then connects to it without any lookup.
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            _ => throw new NotSupportedException($"Socks5ConnectionFactory dials DnsEndPoint or IPEndPoint, not {endpoint.GetType().Name}"),
        };
        var socket = await _dialer.ConnectSocketAsync(host, port, cancellationToken).ConfigureAwait(false);
        return _contexts.Create(socket);
    }

    /// <summary>Releases the pooled buffers of the connection contexts.</summary>
    public void Dispose() => _contexts.Dispose();
}
