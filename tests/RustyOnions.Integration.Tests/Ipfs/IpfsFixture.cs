using System.Text.Json;
using RustyOnions.Proto.Content;
using RustyOnions.Sdk;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Ipfs;

/// <summary>One real node (with its trustless gateway on a free port) and one real npm IPFS peer, shared by the
/// IPFS tests; both killed and their directories removed at the end.</summary>
public sealed class IpfsFixture : IAsyncLifetime
{
    private readonly TempDir _dir = new("ron-ipfs");

    public NodeProcess Node { get; private set; } = null!;

    internal IpfsRpcPeer Peer { get; private set; } = null!;

    public HttpClient Gateway { get; private set; } = null!;

    public Dictionary<string, string> CliEnv => new() { ["RON_NODE_URL"] = Node.Address.ToString() };

    public string Temp(string name) => _dir.Combine(name);

    public async Task InitializeAsync()
    {
        IpfsNpm.EnsureInstalled();
        try
        {
            Peer = await IpfsRpcPeer.StartAsync();
            Node = await NodeProcess.StartAsync(_dir.Combine("data"));
            Assert.NotNull(Node.IpfsGatewayUri);
            Gateway = new HttpClient { BaseAddress = Node.IpfsGatewayUri, Timeout = TimeSpan.FromSeconds(60) };
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public Task<RonClient> ConnectAsync() => RonClient.ConnectAsync(new RonClientOpts { Node = Node.Address });

    /// <summary>PUTs bytes through OAP/1 and waits until the node's background indexer has recorded their CID.</summary>
    public async Task<(ContentId Addr, string Cid)> PutAndWaitForCidAsync(byte[] data)
    {
        await using var client = await ConnectAsync();
        var put = await client.PutAsync(data);
        return (put.Addr, await WaitForCidAsync(put.Addr));
    }

    public async Task<string> WaitForCidAsync(ContentId addr)
    {
        string? cid = null;
        await Poll.UntilAsync(async () =>
        {
            using var response = await Gateway.GetAsync($"ipfs-map/b3/{addr}");
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            cid = doc.RootElement.GetProperty("cid").GetString();
            return true;
        }, TimeSpan.FromSeconds(30), $"the CID of {addr} to be recorded");
        return cid!;
    }

    public static byte[] Seeded(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        if (Peer is not null)
        {
            await Peer.DisposeAsync();
        }

        if (Node is not null)
        {
            await Node.DisposeAsync();
        }

        _dir.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class IpfsCollection : ICollectionFixture<IpfsFixture>
{
    public const string Name = "ipfs node and peer";
}
