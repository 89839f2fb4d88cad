using System.Net;
using System.Net.Sockets;

namespace RustyOnions.Node.Tor;

/// <summary>
/// Which transports the node serves and how it reaches its tor daemon. Part of
/// <see cref="Config.NodeOpts"/>; validated with the rest of the settings at start.
/// </summary>
public sealed record NodeTorOpts
{
    /// <summary>Transports served: "tls", "tor", or both (transports / RON_TRANSPORTS).</summary>
    public IReadOnlyList<string> Transports { get; init; } = ["tls"];

    /// <summary>tor's control port: IP endpoint or Unix socket (tor_control / RON_TOR_CONTROL).</summary>
    public EndPoint Control { get; init; } = new IPEndPoint(IPAddress.Loopback, 9051);

    /// <summary>Control-port password; null means cookie authentication (tor_control_password / RON_TOR_CONTROL_PASSWORD).</summary>
    public string? ControlPassword { get; init; }

    /// <summary>tor's SOCKS port, for outgoing dials (tor_socks / RON_TOR_SOCKS).</summary>
    public EndPoint Socks { get; init; } = new IPEndPoint(IPAddress.Loopback, 9050);

    /// <summary>The onion service's virtual port (onion_port / RON_ONION_PORT).</summary>
    public int OnionPort { get; init; } = 9443;

    /// <summary>Privacy mode: no clearnet listener, no dial that could bypass tor (hide_ip / RON_HIDE_IP).</summary>
    public bool HideIp { get; init; }

    /// <summary>With fewer descriptor uploads than needed after this long, the service is re-published.</summary>
    public TimeSpan RepublishAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>HTTP gateways also published on the onion service: "ipfs", "s3" (onion_gateways / RON_ONION_GATEWAYS).</summary>
    public IReadOnlyList<string> OnionGateways { get; init; } = [];

    /// <summary>True when "tls" is among <see cref="Transports"/>.</summary>
    public bool TlsEnabled => Transports.Contains("tls");

    /// <summary>True when "tor" is among <see cref="Transports"/>.</summary>
    public bool TorEnabled => Transports.Contains("tor");

    /// <summary>One message per problem, given the node's listeners.</summary>
    public IEnumerable<string> Validate(IPEndPoint oapListen, IPEndPoint adminListen)
    {
        if (Transports.Count == 0 || Transports.Any(t => t is not ("tls" or "tor")))
        {
            yield return $"transports (RON_TRANSPORTS) must be 'tls', 'tor' or 'tls,tor', got '{string.Join(",", Transports)}'";
        }

        if (OnionPort is < 1 or > 65535)
        {
            yield return $"onion_port (RON_ONION_PORT) {OnionPort} must be 1..65535";
        }

        if (TorEnabled && !TlsEnabled && !IPAddress.IsLoopback(oapListen.Address))
        {
            yield return $"transports=tor serves OAP/1 only through the onion service, so oap_listen must be a loopback address, got {oapListen}";
        }

        if (!HideIp)
        {
            yield break;
        }

        // Privacy mode: a single sentence per violation, naming the setting to change.
        if (!TorEnabled)
        {
            yield return "privacy mode (hide_ip / RON_HIDE_IP) needs transports=tor: without tor the node could only be reached by its IP address";
        }

        if (!IPAddress.IsLoopback(oapListen.Address))
        {
            yield return $"privacy mode (hide_ip / RON_HIDE_IP) refuses the clearnet listener oap_listen={oapListen}: bind it to 127.0.0.1 (peers reach the node through its onion address)";
        }

        if (!IPAddress.IsLoopback(adminListen.Address))
        {
            yield return $"privacy mode (hide_ip / RON_HIDE_IP) refuses the clearnet listener admin_listen={adminListen}: bind it to 127.0.0.1";
        }

        if (!IsLocal(Socks))
        {
            yield return $"privacy mode (hide_ip / RON_HIDE_IP) refuses tor_socks={Socks}: a SOCKS proxy on another host sees every dial in clear; use a loopback address";
        }

        if (!IsLocal(Control))
        {
            yield return $"privacy mode (hide_ip / RON_HIDE_IP) refuses tor_control={Control}: use a loopback address or unix:/path";
        }
    }

    /// <summary>Privacy mode refuses clearnet bootstrap peers: dialing one would reveal this host's IP address.</summary>
    public IEnumerable<string> ValidateBootstrap(IEnumerable<RustyOnions.Proto.Addressing.NodeAddress> bootstrap)
    {
        ArgumentNullException.ThrowIfNull(bootstrap);
        if (!HideIp)
        {
            yield break;
        }

        foreach (var b in bootstrap.Where(b => b.Transport != RustyOnions.Proto.Addressing.TransportKind.Tor))
        {
            yield return $"privacy mode (hide_ip / RON_HIDE_IP) refuses the clearnet bootstrap peer {b}: dialing it would reveal this host's IP address; use the peer's tor:// onion address";
        }
    }

    private static bool IsLocal(EndPoint ep) => ep switch
    {
        IPEndPoint ip => IPAddress.IsLoopback(ip.Address),
        UnixDomainSocketEndPoint => true,
        DnsEndPoint dns => dns.Host == "localhost",
        _ => false,
    };
}
