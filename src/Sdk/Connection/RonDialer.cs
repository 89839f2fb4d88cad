using RustyOnions.Proto.Addressing;
using RustyOnions.Transport.Tls.Client;
using RustyOnions.Transport.Tor.Socks;

namespace RustyOnions.Sdk.Connection;

/// <summary>
/// Opens an authenticated TLS stream (ALPN oap/1, PeerId pin verified) to a node address, choosing
/// the path by its transport: tls:// dials TCP directly; tor:// dials tor's SOCKS port (the onion
/// name is resolved by tor, never locally) and runs TLS inside that stream. Shared by the SDK and
/// the node's own outgoing links.
/// </summary>
public static class RonDialer
{
    /// <summary>Connects to <paramref name="address"/>.</summary>
    /// <exception cref="TlsDialException">TCP connect, TLS handshake or pin verification failed, or a tls:// dial was refused by <see cref="RonDialOpts.TorOnly"/>.</exception>
    /// <exception cref="SocksException">tor's SOCKS port refused or could not reach the onion service; <see cref="SocksException.Reply"/> says why.</exception>
    public static async ValueTask<Stream> ConnectAsync(NodeAddress address, RonDialOpts opts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(opts);
        if (address.Transport != TransportKind.Tor)
        {
            if (opts.TorOnly)
            {
                throw new TlsDialException(TlsDialError.InvalidRequest, address, $"privacy mode allows only tor:// addresses; dialing {address} directly would reveal this host's IP address");
            }

            return await TlsDialer.ConnectAsync(address, opts.Tls, ct).ConfigureAwait(false);
        }

        var dialer = new Socks5Dialer(new Socks5Opts(opts.TorSocks, opts.SocksUsername, opts.SocksUsername is null ? null : "ron") { ConnectTimeout = opts.TorConnectTimeout });
        var stream = await dialer.ConnectAsync(address.Host, address.Port, ct).ConfigureAwait(false);
        return await TlsDialer.ConnectAsync(stream, address, opts.Tls, ct).ConfigureAwait(false);
    }
}
