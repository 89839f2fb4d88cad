using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using RustyOnions.Overlay.Peers;
using RustyOnions.Proto.Addressing;
using RustyOnions.Sdk;
using RustyOnions.Sdk.Connection;
using RustyOnions.Sdk.Errors;
using RustyOnions.Transport.Tls;
using RustyOnions.Transport.Tls.Certificates;
using RustyOnions.Transport.Tls.Client;
using RustyOnions.Transport.Tor.Socks;

namespace RustyOnions.Node.Overlay;

/// <summary>
/// Dials peers over mutually authenticated TLS: this node presents its identity certificate, and the
/// peer's certificate must carry a valid identity extension (matching the pin when the address has
/// one). The OAP/1 connection on top is the SDK's multiplexing client. tor:// peers are dialled through
/// tor's SOCKS port with the same TLS and identity check inside the onion stream; in privacy mode tls://
/// peers are refused (specs/overlay.md §1.1).
/// </summary>
internal sealed class TlsPeerDialer : IPeerDialer
{
    private static readonly List<SslApplicationProtocol> Alpn = [new(RonTls.AlpnProtocol)];
    private readonly X509Certificate2 _certificate;
    private readonly TimeSpan _requestTimeout;
    private readonly PeerDialOpts _opts;

    public TlsPeerDialer(X509Certificate2 certificate, TimeSpan requestTimeout, PeerDialOpts? opts = null)
    {
        _certificate = certificate;
        _requestTimeout = requestTimeout;
        _opts = opts ?? PeerDialOpts.Default;
    }

    public async Task<IPeerLink> DialAsync(NodeAddress address, CancellationToken ct)
    {
        if (_opts.TorOnly && address.Transport != TransportKind.Tor)
        {
            throw new PeerLinkException($"privacy mode (hide_ip) refuses to dial peer {address}: a clearnet dial would reveal this host's IP address; the peer must advertise a tor:// address");
        }

        Stream stream;
        PeerId peer;
        try
        {
            (stream, peer) = address.PeerId is { } pin
                ? (await RonDialer.ConnectAsync(address, DialOpts(), ct).ConfigureAwait(false), pin)
                : await DialUnpinnedAsync(address, ct).ConfigureAwait(false);
        }
        catch (TlsDialException e)
        {
            throw new PeerLinkException($"cannot reach peer {address}: {e.Message}", e);
        }
        catch (SocksException e)
        {
            throw new PeerLinkException($"cannot reach peer {address} through tor's SOCKS port {_opts.TorSocks}: {e.Message}", e);
        }

        try
        {
            var client = await RonClient.ConnectOverStreamAsync(stream, new RonClientOpts { Node = address.WithPeer(peer), RequestTimeout = _requestTimeout }, ct).ConfigureAwait(false);
            return new SdkPeerLink(client, peer);
        }
        catch (RonException e)
        {
            throw new PeerLinkException(e.Status, e.Code, $"HELLO with peer {address} failed: {e.Message}", e);
        }
    }

    private RonDialOpts DialOpts() => new(new TlsDialOpts { ClientCertificate = _certificate, RequirePeerId = true })
    {
        TorSocks = _opts.TorSocks,
        TorOnly = _opts.TorOnly,
        TorConnectTimeout = _opts.TorConnectTimeout,
    };

    /// <summary>A bootstrap address without a pin: accept any valid node identity and report it.</summary>
    private async Task<(Stream, PeerId)> DialUnpinnedAsync(NodeAddress address, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(address.Transport == TransportKind.Tor ? _opts.TorConnectTimeout : TimeSpan.FromSeconds(10));
        Stream transport;
        if (address.Transport == TransportKind.Tor)
        {
            // tor resolves the onion name; the TLS below proves who answered.
            transport = await new Socks5Dialer(new Socks5Opts(_opts.TorSocks) { ConnectTimeout = _opts.TorConnectTimeout }).ConnectAsync(address.Host, address.Port, cts.Token).ConfigureAwait(false);
        }
        else
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                EndPoint ep = IPAddress.TryParse(address.Host, out var ip) ? new IPEndPoint(ip, address.Port) : new DnsEndPoint(address.Host, address.Port);
                await socket.ConnectAsync(ep, cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                socket.Dispose();
                throw new PeerLinkException($"cannot reach peer {address}: {e.Message}", e);
            }

            transport = new NetworkStream(socket, ownsSocket: true);
        }

        var ssl = new SslStream(transport, leaveInnerStreamOpen: false);
        PeerId? proven = null;
        string? why = null;
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = address.Host,
            EnabledSslProtocols = SslProtocols.Tls13,
            ApplicationProtocols = Alpn,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ClientCertificateContext = SslStreamCertificateContext.Create(_certificate, additionalCertificates: null, offline: true),
            RemoteCertificateValidationCallback = (_, cert, _, _) =>
            {
                if (cert is null)
                {
                    why = "no certificate";
                    return false;
                }

                var c2 = cert as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(cert.GetRawCertData());
                if (NodeCertificate.TryVerify(c2, out var p, out var error))
                {
                    proven = p;
                    return true;
                }

                why = error;
                return false;
            },
        };
        try
        {
            await ssl.AuthenticateAsClientAsync(options, cts.Token).ConfigureAwait(false);
            return (ssl, proven ?? throw new PeerLinkException($"peer {address} proved no identity"));
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new PeerLinkException($"TLS with peer {address} failed: {why ?? e.Message}", e);
        }
    }
}
