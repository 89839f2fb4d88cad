using System.Globalization;
using System.Net;
using RustyOnions.Proto.Addressing;
using RustyOnions.Sdk;
using RustyOnions.Sdk.Errors;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;
using RustyOnions.Testing.Tor;
using RustyOnions.Transport.Tor.Socks;

namespace RustyOnions.Integration.Tests.Tor;

/// <summary>
/// One private Tor network (4 authorities + a client tor) and one `ron node run` process serving
/// only through its onion service (RON_TRANSPORTS=tor, cookie auth on the client tor's control
/// port, IPFS gateway also on the onion). Shared by the "tor node" collection; every process is killed and every directory removed.
/// </summary>
public sealed class TorNodeFixture : IAsyncLifetime
{
    private readonly TempDir _dir = new("ron-tornode");

    public PrivateTorNetwork Network { get; private set; } = null!;

    public NodeProcess Node { get; private set; } = null!;

    public NodeAddress Onion { get; private set; } = null!;

    public string DataDir => _dir.Combine("data");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        Network = await PrivateTorNetwork.StartAsync(timeout.Token);
        // The IPFS gateway is also published on the onion (OnionGatewayTests).
        Node = await NodeProcess.StartAsync(DataDir, new Dictionary<string, string>(TorEnv(Network, "tor")) { ["RON_ONION_GATEWAYS"] = "ipfs" });
        Onion = await Node.WaitOnionAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>Environment for a node using this network's client tor.</summary>
    public static Dictionary<string, string> TorEnv(PrivateTorNetwork network, string transports) => new()
    {
        ["RON_TRANSPORTS"] = transports,
        ["RON_TOR_CONTROL"] = network.ControlEndPoint.ToString(),
        ["RON_TOR_SOCKS"] = network.SocksEndPoint.ToString(),
    };

    /// <summary>SDK options reaching <paramref name="onion"/> through the network's SOCKS port.</summary>
    public RonClientOpts ClientOpts(NodeAddress onion, UInt128 tenant = default) =>
        new() { Node = onion, Tenant = tenant, TorSocks = Network.SocksEndPoint };

    /// <summary>
    /// Connects through tor, retrying transient onion errors (descriptor not yet on the HSDirs) until
    /// the deadline, as a client of a freshly published service must.
    /// </summary>
    public async Task<RonClient> ConnectOnionAsync(NodeAddress onion, UInt128 tenant = default, TimeSpan? deadline = null)
    {
        var end = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            try
            {
                return await RonClient.ConnectAsync(ClientOpts(onion, tenant));
            }
            catch (RonException e) when (e.InnerException is SocksException { IsTransient: true } && DateTime.UtcNow < end)
            {
                await Task.Delay(500);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }

        if (Network is not null)
        {
            await Network.DisposeAsync();
        }

        _dir.Dispose();
    }

    internal static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    internal static string Loopback(int port) => new IPEndPoint(IPAddress.Loopback, port).ToString();
}

[CollectionDefinition(Name)]
public sealed class TorNodeCollection : ICollectionFixture<TorNodeFixture>
{
    public const string Name = "tor node";
}
