using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using RustyOnions.Proto.Addressing;
using RustyOnions.Transport.Tls.Certificates;

namespace RustyOnions.Transport.Tls.Client;

/// <summary>
/// Dials RustyOnions TLS endpoints: TCP (NoDelay), TLS 1.3, ALPN "oap/1". A <c>#PeerId</c> pin in the address
/// is verified through the certificate's identity extension (chain and name are then irrelevant); without a
/// pin the certificate must chain to a trusted root and match the host name (specs/tls.md §5).
/// </summary>
public static class TlsDialer
{
    private static readonly List<SslApplicationProtocol> Alpn = [new(RonTls.AlpnProtocol)];

    /// <summary>
    /// Connects to a <c>tls://</c> address. The returned stream is an authenticated <see cref="SslStream"/>
    /// (use <see cref="NodeCertificate.GetRemotePeer"/> for the proven PeerId when the address had no pin).
    /// </summary>
    /// <exception cref="TlsDialException">Connect, handshake or verification failed; see <see cref="TlsDialException.Error"/>.</exception>
    public static async ValueTask<Stream> ConnectAsync(NodeAddress address, TlsDialOpts opts, CancellationToken ct) =>
        (await DialAsync(null, address, opts, ct).ConfigureAwait(false)).Stream;

    /// <summary>
    /// Runs the TLS client handshake over an already connected <paramref name="transport"/> (for example a Tor
    /// SOCKS stream); <paramref name="address"/> supplies the server name and optional pin. The returned stream
    /// owns <paramref name="transport"/>, which is also disposed when the dial fails.
    /// </summary>
    /// <exception cref="TlsDialException">Handshake or verification failed.</exception>
    public static async ValueTask<Stream> ConnectAsync(Stream transport, NodeAddress address, TlsDialOpts opts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transport);
        return (await DialAsync(transport, address, opts, ct).ConfigureAwait(false)).Stream;
    }

    internal static async ValueTask<TlsDialResult> DialAsync(Stream? transport, NodeAddress address, TlsDialOpts opts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(opts);
        try
        {
            opts.Validate();
            if (opts.RequirePeerId && address.PeerId is null)
            {
                throw new TlsDialException(TlsDialError.InvalidRequest, address, $"address {address} has no #PeerId pin, and TlsDialOpts.RequirePeerId is set");
            }

            if (transport is null && address.Transport != TransportKind.Tls)
            {
                throw new TlsDialException(TlsDialError.InvalidRequest, address, $"address {address} is not a tls:// address; dial it through its transport and use the ConnectAsync(Stream, ...) overload");
            }
        }
        catch
        {
            transport?.Dispose();
            throw;
        }

        EndPoint? local = null, remote = null;
        if (transport is null)
        {
            var socket = await ConnectTcpAsync(address, opts.ConnectTimeout, ct).ConfigureAwait(false);
            local = socket.LocalEndPoint;
            remote = socket.RemoteEndPoint;
            transport = new NetworkStream(socket, ownsSocket: true);
        }

        var ssl = new SslStream(transport, leaveInnerStreamOpen: false);
        try
        {
            var peer = await HandshakeAsync(ssl, address, opts, ct).ConfigureAwait(false);
            return new TlsDialResult(ssl, peer, local, remote);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async ValueTask<Socket> ConnectTcpAsync(NodeAddress address, TimeSpan timeout, CancellationToken ct)
    {
        // An IP literal gets a socket of its own family, so endpoints read back as plain IPv4/IPv6; a name
        // gets a dual-mode socket that tries every resolved address.
        EndPoint endPoint = IPAddress.TryParse(address.Host, out var ip) ? new IPEndPoint(ip, address.Port) : new DnsEndPoint(address.Host, address.Port);
        var socket = ip is null ? new Socket(SocketType.Stream, ProtocolType.Tcp) : new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.NoDelay = true;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(endPoint, cts.Token).ConfigureAwait(false);
            return socket;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TlsDialException(TlsDialError.Timeout, address, $"TCP connect to {HostPort(address)} timed out after {timeout.TotalSeconds:0.###} s");
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw ex.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => new TlsDialException(TlsDialError.ConnectionRefused, address, $"connection refused to {HostPort(address)}", ex),
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain =>
                    new TlsDialException(TlsDialError.HostNotFound, address, $"could not resolve host '{address.Host}' ({ex.SocketErrorCode})", ex),
                _ => new TlsDialException(TlsDialError.ConnectFailed, address, $"could not connect to {HostPort(address)}: {ex.SocketErrorCode} ({ex.Message})", ex),
            };
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async ValueTask<PeerId?> HandshakeAsync(SslStream ssl, NodeAddress address, TlsDialOpts opts, CancellationToken ct)
    {
        var verifier = new ServerCertificateVerifier(address);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = address.Host,
            EnabledSslProtocols = SslProtocols.Tls13,
            ApplicationProtocols = Alpn,
            AllowRenegotiation = false,
            CertificateRevocationCheckMode = address.PeerId is null ? opts.RevocationMode switch
            {
                X509RevocationMode.Online => X509RevocationMode.Online,
                X509RevocationMode.Offline => X509RevocationMode.Offline,
                _ => X509RevocationMode.NoCheck,
            } : X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = verifier.Validate,
        };
        if (address.PeerId is null && opts.TrustedRoots is { } roots)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = opts.RevocationMode };
            policy.CustomTrustStore.AddRange(roots);
            options.CertificateChainPolicy = policy;
        }

        if (opts.ClientCertificate is { } mine)
        {
            // A certificate context is always sent when asked, unlike a collection that .NET filters by the
            // server's acceptable-issuer list (a self-signed node certificate matches no issuer).
            options.ClientCertificateContext = SslStreamCertificateContext.Create(mine, additionalCertificates: null, offline: true);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(opts.HandshakeTimeout);
        try
        {
            await ssl.AuthenticateAsClientAsync(options, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TlsDialException(TlsDialError.Timeout, address, $"TLS handshake with {HostPort(address)} timed out after {opts.HandshakeTimeout.TotalSeconds:0.###} s");
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException && ex is not TlsDialException)
        {
            if (verifier.Failure is { } failure)
            {
                throw new TlsDialException(failure.Error, address, failure.Message, ex);
            }

            var detail = Innermost(ex);

            // OpenSSL's text for the no_application_protocol alert (RFC 7301) is the only signal SslStream gives.
            if (detail.Contains("no application protocol", StringComparison.OrdinalIgnoreCase))
            {
                throw new TlsDialException(TlsDialError.AlpnMismatch, address, $"server {HostPort(address)} does not offer ALPN '{RonTls.AlpnProtocol}' (no_application_protocol alert); it is not a RustyOnions OAP/1 endpoint", ex);
            }

            throw new TlsDialException(TlsDialError.HandshakeFailed, address, $"TLS handshake with {HostPort(address)} failed: {detail}", ex);
        }

        if (ssl.NegotiatedApplicationProtocol != Alpn[0])
        {
            var got = ssl.NegotiatedApplicationProtocol == default ? "none" : $"'{ssl.NegotiatedApplicationProtocol}'";
            throw new TlsDialException(TlsDialError.AlpnMismatch, address, $"server {HostPort(address)} selected ALPN {got}; expected '{RonTls.AlpnProtocol}'");
        }

        return verifier.RemotePeer;
    }

    internal static string HostPort(NodeAddress address) =>
        address.Host.Contains(':', StringComparison.Ordinal) ? $"[{address.Host}]:{address.Port}" : $"{address.Host}:{address.Port}";

    private static string Innermost(Exception ex)
    {
        var message = ex.Message;
        for (var e = ex.InnerException; e is not null; e = e.InnerException)
        {
            message += " -> " + e.Message;
        }

        return message;
    }
}
