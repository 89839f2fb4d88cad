using System.Globalization;
using RustyOnions.Sdk;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;
using RustyOnions.Transport.Tls.Identity;

namespace RustyOnions.Integration.Tests.Index;

/// <summary>
/// Three real nodes whose RON_INDEX_FEDERATION names all three (each ignores itself). The PeerId pins are
/// known before any node starts because the test creates each node's identity in its data dir first,
/// exactly where `ron node run` loads it from; ports are allocated up front so a member restarts on the same address.
/// </summary>
public sealed class FederationFixture : IAsyncLifetime
{
    public const int Count = 3;
    private readonly TempDir _dir = new("ron-fed");
    private readonly NodeProcess?[] _nodes = new NodeProcess?[Count];
    private readonly int[] _oap = new int[Count];
    private readonly int[] _admin = new int[Count];
    private Dictionary<string, string> _env = [];

    public NodeProcess this[int i] => _nodes[i] ?? throw new InvalidOperationException($"node {i} is not running");

    public string Federation { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var members = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            using var identity = NodeIdentity.LoadOrCreate(DataDir(i));
            _oap[i] = PortAllocator.Next();
            _admin[i] = PortAllocator.Next();
            members.Add($"tls://127.0.0.1:{_oap[i]}#{identity.PeerId}");
        }

        Federation = string.Join(',', members);
        _env = new Dictionary<string, string>
        {
            ["RON_INDEX_FEDERATION"] = Federation,
            ["RON_INDEX_SYNC_INTERVAL_MS"] = 300.ToString(CultureInfo.InvariantCulture),
        };
        await Task.WhenAll(Enumerable.Range(0, Count).Select(StartAsync));
    }

    public string DataDir(int i) => _dir.Combine($"node{i}");

    public async Task StartAsync(int i) =>
        _nodes[i] = await NodeProcess.StartAsync(DataDir(i), _env, _oap[i], _admin[i]);

    public async Task StopAsync(int i)
    {
        if (_nodes[i] is { } n)
        {
            _nodes[i] = null;
            await n.StopAsync();
            await n.DisposeAsync();
        }
    }

    public Task<RonClient> ConnectAsync(int i) => RonClient.ConnectAsync(new RonClientOpts { Node = this[i].Address });

    public async Task DisposeAsync()
    {
        for (var i = 0; i < Count; i++)
        {
            if (_nodes[i] is { } n)
            {
                await n.DisposeAsync();
            }
        }

        _dir.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class FederationCollection : ICollectionFixture<FederationFixture>
{
    public const string Name = "index federation";
}
