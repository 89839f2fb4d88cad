using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RustyOnions.Transport.Tor.Socks;

/// <summary>
/// Dials TCP connections through a SOCKS5 proxy (RFC 1928, RFC 1929 auth) with CONNECT and the
/// domain-name address type, so names (.onion included) are resolved by the proxy, never locally.
/// </summary>
public sealed class Socks5Dialer
{
    private readonly Socks5Opts _opts;

    /// <summary>Creates a dialer; throws <see cref="ArgumentException"/> for bad options.</summary>
    public Socks5Dialer(Socks5Opts opts)
    {
        ArgumentNullException.ThrowIfNull(opts);
        opts.Validate();
        _opts = opts;
    }

    /// <summary>The options in use.</summary>
    public Socks5Opts Options => _opts;

    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/> through the proxy and returns the
    /// connected stream (a <see cref="NetworkStream"/> owning the socket; TLS can run inside it).
    /// </summary>
    public async Task<Stream> ConnectAsync(string host, int port, CancellationToken ct)
    {
        var socket = await ConnectSocketAsync(host, port, ct).ConfigureAwait(false);
        return new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>As <see cref="ConnectAsync"/>, but returns the connected socket.</summary>
    public async Task<Socket> ConnectSocketAsync(string host, int port, CancellationToken ct)
    {
        var hostBytes = ValidateTarget(host, port);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_opts.ConnectTimeout);
        try
        {
            try
            {
                await socket.ConnectAsync(_opts.Proxy, timeout.Token).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                throw new SocksException(null, $"cannot connect to the SOCKS5 proxy {_opts.Proxy}: {ex.SocketErrorCode} (is tor running with this SocksPort?)", ex);
            }

            socket.NoDelay = true;
            await HandshakeAsync(socket, hostBytes, host, port, timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new SocksException(null, $"SOCKS5 connect to {host}:{port} via {_opts.Proxy} timed out after {_opts.ConnectTimeout.TotalSeconds:0.#} s");
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new SocksException(null, $"SOCKS5 proxy {_opts.Proxy} failed during the handshake for {host}:{port}: {ex.SocketErrorCode}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static byte[] ValidateTarget(string host, int port)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "port must be 1..65535");
        }

        var bytes = Encoding.ASCII.GetBytes(host);
        if (bytes.Length > 255 || host.Any(c => c > 0x7E || c <= 0x20))
        {
            throw new ArgumentException($"host '{host}' must be 1..255 printable ASCII characters", nameof(host));
        }

        return bytes;
    }

    private async Task HandshakeAsync(Socket socket, byte[] host, string hostText, int port, CancellationToken ct)
    {
        var buf = new byte[4 + 1 + 255 + 2 + 255];
        var useAuth = _opts.Username is not null;

        // Greeting: offer exactly one method so a proxy cannot downgrade us to no auth (which would
        // silently drop stream isolation).
        buf[0] = 5;
        buf[1] = 1;
        buf[2] = useAuth ? (byte)2 : (byte)0;
        await socket.SendAsync(buf.AsMemory(0, 3), ct).ConfigureAwait(false);
        await ReadExactAsync(socket, buf.AsMemory(0, 2), "method selection", ct).ConfigureAwait(false);
        if (buf[0] != 5)
        {
            throw new SocksException(null, $"{_opts.Proxy} is not a SOCKS5 proxy (version byte 0x{buf[0]:X2})");
        }

        if (buf[1] != (useAuth ? 2 : 0))
        {
            throw new SocksException(null, $"SOCKS5 proxy {_opts.Proxy} accepts none of our methods ({(useAuth ? "username/password" : "no authentication")}); it answered 0x{buf[1]:X2}");
        }

        if (useAuth)
        {
            var user = Encoding.UTF8.GetBytes(_opts.Username!);
            var pass = Encoding.UTF8.GetBytes(_opts.Password ?? string.Empty);
            var n = 0;
            buf[n++] = 1;
            buf[n++] = (byte)user.Length;
            user.CopyTo(buf, n);
            n += user.Length;
            buf[n++] = (byte)pass.Length;
            pass.CopyTo(buf, n);
            n += pass.Length;
            await socket.SendAsync(buf.AsMemory(0, n), ct).ConfigureAwait(false);
            await ReadExactAsync(socket, buf.AsMemory(0, 2), "authentication reply", ct).ConfigureAwait(false);
            if (buf[1] != 0)
            {
                throw new SocksException(null, $"SOCKS5 proxy {_opts.Proxy} rejected username/password authentication (status 0x{buf[1]:X2})");
            }
        }

        // CONNECT with ATYP 0x03 (domain name): the proxy resolves the name.
        var m = 0;
        buf[m++] = 5;
        buf[m++] = 1;
        buf[m++] = 0;
        buf[m++] = 3;
        buf[m++] = (byte)host.Length;
        host.CopyTo(buf, m);
        m += host.Length;
        BinaryPrimitives.WriteUInt16BigEndian(buf.AsSpan(m), (ushort)port);
        m += 2;
        await socket.SendAsync(buf.AsMemory(0, m), ct).ConfigureAwait(false);

        await ReadExactAsync(socket, buf.AsMemory(0, 4), "CONNECT reply", ct).ConfigureAwait(false);
        if (buf[0] != 5)
        {
            throw new SocksException(null, $"SOCKS5 proxy {_opts.Proxy} sent a CONNECT reply with version 0x{buf[0]:X2}");
        }

        var reply = (SocksReply)buf[1];
        if (reply != SocksReply.Succeeded)
        {
            throw new SocksException(reply, $"SOCKS5 proxy {_opts.Proxy} could not connect to {hostText}:{port}: {SocksException.Describe(reply)}");
        }

        // Skip the bound address: tor sends 0.0.0.0:0, other proxies may send any type.
        var rest = buf[3] switch
        {
            1 => 4 + 2,
            4 => 16 + 2,
            3 => -1,
            _ => throw new SocksException(null, $"SOCKS5 proxy {_opts.Proxy} sent an unknown bound address type 0x{buf[3]:X2}"),
        };
        if (rest < 0)
        {
            await ReadExactAsync(socket, buf.AsMemory(0, 1), "CONNECT reply address", ct).ConfigureAwait(false);
            rest = buf[0] + 2;
        }

        await ReadExactAsync(socket, buf.AsMemory(0, rest), "CONNECT reply address", ct).ConfigureAwait(false);
    }

    private async Task ReadExactAsync(Socket socket, Memory<byte> buffer, string what, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], ct).ConfigureAwait(false);
            if (n == 0)
            {
                throw new SocksException(null, $"SOCKS5 proxy {_opts.Proxy} closed the connection while we waited for its {what}");
            }

            read += n;
        }
    }
}
