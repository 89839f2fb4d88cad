using System.Net;
using RustyOnions.Transport.Tor.Control;

namespace RustyOnions.Node.Tor;

/// <summary>
/// The HTTP gateways published on the node's onion service next to OAP/1 (onion_gateways /
/// RON_ONION_GATEWAYS): each is an extra port mapping of the same service, forwarding to the
/// gateway's own listener on loopback (specs/tor.md §8).
/// </summary>
public static class OnionGateways
{
    /// <summary>Onion virtual port of the IPFS trustless gateway (plain HTTP, the usual port for an onion web service).</summary>
    public const int IpfsPort = 80;

    /// <summary>Onion virtual port of the S3 gateway (the S3 gateway's own default port).</summary>
    public const int S3Port = 9000;

    /// <summary>Gateway names accepted in onion_gateways.</summary>
    public static readonly IReadOnlyList<string> Names = ["ipfs", "s3"];

    /// <summary>One message per problem: unknown names, tor off, or a listed gateway that is off or not reachable on loopback.</summary>
    public static IEnumerable<string> Validate(NodeTorOpts tor, IPEndPoint? ipfsListen, IPEndPoint? s3Listen)
    {
        ArgumentNullException.ThrowIfNull(tor);
        foreach (var g in tor.OnionGateways)
        {
            if (!Names.Contains(g))
            {
                yield return $"onion_gateways (RON_ONION_GATEWAYS) lists '{g}'; known gateways are {string.Join(", ", Names)}";
                continue;
            }

            if (!tor.TorEnabled)
            {
                yield return $"onion_gateways (RON_ONION_GATEWAYS) lists '{g}' but tor is not among the transports (RON_TRANSPORTS=tls,tor or tor)";
                continue;
            }

            var listen = g == "ipfs" ? ipfsListen : s3Listen;
            var setting = g == "ipfs" ? "ipfs_gateway_listen (RON_IPFS_GATEWAY_ADDR)" : "s3_listen (RON_S3_ADDR)";
            if (listen is null)
            {
                yield return $"onion_gateways (RON_ONION_GATEWAYS) lists '{g}' but that gateway is off; set {setting} to a loopback address";
            }
            else if (!IPAddress.IsLoopback(listen.Address) && !listen.Address.Equals(IPAddress.Any) && !listen.Address.Equals(IPAddress.IPv6Any))
            {
                yield return $"onion_gateways (RON_ONION_GATEWAYS) lists '{g}' but {setting}={listen} is not reachable on loopback, where tor forwards the onion port";
            }
        }
    }

    /// <summary>The extra port mappings for the bound gateway listeners (null ports are skipped).</summary>
    public static IReadOnlyList<TorControlOnionPort> Ports(NodeTorOpts tor, int? ipfsPort, int? s3Port)
    {
        ArgumentNullException.ThrowIfNull(tor);
        var ports = new List<TorControlOnionPort>();
        if (tor.OnionGateways.Contains("ipfs") && ipfsPort is { } i)
        {
            ports.Add(TorControlOnionPort.ToLoopback(IpfsPort, i));
        }

        if (tor.OnionGateways.Contains("s3") && s3Port is { } s)
        {
            ports.Add(TorControlOnionPort.ToLoopback(S3Port, s));
        }

        return ports;
    }

    /// <summary>The gateways' base URLs on <paramref name="onionHost"/> (e.g. "ipfs" → http://….onion/).</summary>
    public static Dictionary<string, string> Urls(NodeTorOpts tor, string onionHost)
    {
        ArgumentNullException.ThrowIfNull(tor);
        var urls = new Dictionary<string, string>();
        foreach (var g in tor.OnionGateways.Where(Names.Contains))
        {
            urls[g] = g == "ipfs" ? $"http://{onionHost}/" : $"http://{onionHost}:{S3Port}/";
        }

        return urls;
    }
}
