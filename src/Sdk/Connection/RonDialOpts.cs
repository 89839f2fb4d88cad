using System.Net;
using RustyOnions.Transport.Tls.Client;

namespace RustyOnions.Sdk.Connection;

/// <summary>How <see cref="RonDialer"/> reaches a node address.</summary>
/// <param name="Tls">TLS settings (run directly over TCP for tls://, inside the SOCKS stream for tor://).</param>
public sealed record RonDialOpts(TlsDialOpts Tls)
{
    /// <summary>The default tor SOCKS port.</summary>
    public static readonly IPEndPoint DefaultTorSocks = new(IPAddress.Loopback, 9050);

    /// <summary>tor's SOCKS port for tor:// addresses (RON_TOR_SOCKS).</summary>
    public EndPoint TorSocks { get; init; } = DefaultTorSocks;

    /// <summary>SOCKS user name: tor gives each distinct name its own circuits (stream isolation); use the tenant id.</summary>
    public string? SocksUsername { get; init; }

    /// <summary>Privacy mode: refuse tls:// addresses, whose dial would reveal this host's IP.</summary>
    public bool TorOnly { get; init; }

    /// <summary>Time for the SOCKS connect through tor (onion rendezvous takes seconds).</summary>
    public TimeSpan TorConnectTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
