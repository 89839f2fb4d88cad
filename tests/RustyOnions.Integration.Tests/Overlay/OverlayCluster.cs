using System.Text.Json;
using RustyOnions.Overlay.Placement;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Content;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Overlay;

/// <summary>N real `ron node run` processes on loopback joined through node 1; disposing kills them all and deletes their dirs.</summary>
internal sealed class OverlayCluster : IAsyncDisposable
{
    private readonly TempDir _dir = new("ron-overlay");
    private readonly Dictionary<string, string> _env;

    private OverlayCluster(Dictionary<string, string> env) => _env = env;

    public List<NodeProcess> Nodes { get; } = [];

    public static async Task<OverlayCluster> StartAsync(int count, int replication = 3, int quorum = 2)
    {
        var cluster = new OverlayCluster(new Dictionary<string, string>
        {
            ["RON_REPLICATION"] = replication.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RON_WRITE_QUORUM"] = quorum.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        try
        {
            cluster.Nodes.Add(await NodeProcess.StartAsync(cluster.DataDir(0), cluster._env));
            var boot = new Dictionary<string, string>(cluster._env) { ["RON_BOOTSTRAP"] = cluster.Nodes[0].Address.ToString() };
            var rest = await Task.WhenAll(Enumerable.Range(1, count - 1).Select(i => NodeProcess.StartAsync(cluster.DataDir(i), boot)));
            cluster.Nodes.AddRange(rest);
            await cluster.WaitConvergedAsync(cluster.Nodes, TimeSpan.FromSeconds(60));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public string DataDir(int i) => _dir.Combine($"n{i + 1}");

    /// <summary>Restarts node <paramref name="i"/> on its old ports and data dir, with no bootstrap list: it must rejoin from its persisted peer table.</summary>
    public async Task RestartAsync(params int[] indexes)
    {
        foreach (var i in indexes)
        {
            await Nodes[i].DisposeAsync();
        }

        var started = await Task.WhenAll(indexes.Select(i => NodeProcess.StartAsync(Nodes[i].DataDir, _env, Nodes[i].OapPort, Nodes[i].AdminPort)));
        for (var k = 0; k < indexes.Length; k++)
        {
            Nodes[indexes[k]] = started[k];
        }
    }

    /// <summary>Polls until every node in <paramref name="nodes"/> sees every other one alive.</summary>
    public async Task WaitConvergedAsync(IReadOnlyList<NodeProcess> nodes, TimeSpan timeout)
    {
        var ids = nodes.Select(n => n.Address.PeerId!.Value.ToString()).ToHashSet();
        await Poll.UntilAsync(
            async () =>
            {
                foreach (var n in nodes)
                {
                    var alive = (await PeersAsync(n)).Where(p => p.State == "alive").Select(p => p.PeerId).ToHashSet();
                    if (!ids.Where(id => id != n.Address.PeerId!.Value.ToString()).All(alive.Contains))
                    {
                        return false;
                    }
                }

                return true;
            },
            timeout,
            "every node to see every other node alive");
    }

    public static async Task<List<(string PeerId, string State, string Addr)>> PeersAsync(NodeProcess node)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(node.AdminUri, "peers")));
            return doc.RootElement.GetProperty("peers").EnumerateArray()
                .Select(p => (p.GetProperty("peer_id").GetString()!, p.GetProperty("state").GetString()!, p.GetProperty("addr").GetString()!)).ToList();
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }

    public static async Task<string> MetricsAsync(NodeProcess node)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync(new Uri(node.AdminUri, "metrics"));
    }

    /// <summary>The R rendezvous holders of <paramref name="addr"/> among all nodes.</summary>
    public List<NodeProcess> HoldersOf(ContentId addr, int r)
    {
        var byPeer = Nodes.ToDictionary(n => n.Address.PeerId!.Value);
        return Rendezvous.Top(addr, byPeer.Keys, r).Select(p => byPeer[p]).ToList();
    }

    public static string? BlobPath(NodeProcess node, ContentId addr)
    {
        var root = Path.Combine(node.DataDir, "store", "blobs");
        return Directory.Exists(root) ? Directory.EnumerateFiles(root, addr.Hex, SearchOption.AllDirectories).FirstOrDefault() : null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var n in Nodes)
        {
            await n.DisposeAsync();
        }

        _dir.Dispose();
    }
}
