using System.Net;
using System.Text;

namespace RustyOnions.Transport.Tor.Socks;

/// <summary>
/// Options for <see cref="Socks5Dialer"/>. With tor, a distinct Username/Password pair gives a
/// distinct circuit (stream isolation, IsolateSOCKSAuth is on by default): use the tenant id.
/// </summary>
/// <param name="Proxy">The SOCKS5 proxy, e.g. tor's SocksPort 127.0.0.1:9050.</param>
/// <param name="Username">RFC 1929 user name (1..255 UTF-8 bytes), or null for no authentication.</param>
/// <param name="Password">RFC 1929 password (0..255 bytes); tor ignores it for auth, it isolates too.</param>
public sealed record Socks5Opts(EndPoint Proxy, string? Username = null, string? Password = null)
{
    /// <summary>Time for proxy connect + handshake + CONNECT reply (onion connects take seconds).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Proxy);
        if (Username is not null)
        {
            var n = Encoding.UTF8.GetByteCount(Username);
            if (n is < 1 or > 255)
            {
                throw new ArgumentException($"Socks5Opts.Username must be 1..255 UTF-8 bytes (got {n})", nameof(Username));
            }
        }
        else if (Password is not null)
        {
            throw new ArgumentException("Socks5Opts.Password needs a Username (RFC 1929)", nameof(Password));
        }

        if (Password is not null && Encoding.UTF8.GetByteCount(Password) > 255)
        {
            throw new ArgumentException("Socks5Opts.Password must be at most 255 UTF-8 bytes", nameof(Password));
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Socks5Opts.ConnectTimeout must be positive", nameof(ConnectTimeout));
        }
    }
}
