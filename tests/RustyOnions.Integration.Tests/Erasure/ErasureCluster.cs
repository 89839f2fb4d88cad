using System.Globalization;
using System.Text.Json;
using RustyOnions.Integration.Tests.Overlay;
using RustyOnions.Proto.Content;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Erasure;

/// <summary>Helpers to look at erasure-coded objects on a running cluster: shard files on disk, metrics, the admin view.</summary>
internal static class ErasureCluster
{
    public static string ShardRoot(NodeProcess node) => Path.Combine(node.DataDir, "shards", "blobs");

    /// <summary>Shard ids (hex) held on <paramref name="node"/>'s disk.</summary>
    public static HashSet<string> ShardsOn(NodeProcess node) =>
        Directory.Exists(ShardRoot(node))
            ? Directory.EnumerateFiles(ShardRoot(node), "*", SearchOption.AllDirectories).Select(Path.GetFileName).Where(n => n!.Length == 64).Select(n => n!).ToHashSet()
            : [];

    public static string ShardPath(NodeProcess node, string hex) => Path.Combine(ShardRoot(node), hex[..2], hex[2..4], hex);

    /// <summary>A counter's value in the node's /metrics text (0 when absent).</summary>
    public static async Task<double> MetricAsync(NodeProcess node, string name)
    {
        var text = await OverlayCluster.MetricsAsync(node);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(name.Length + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    public static async Task<double> SumMetricAsync(IEnumerable<NodeProcess> nodes, string name)
    {
        double sum = 0;
        foreach (var n in nodes)
        {
            sum += await MetricAsync(n, name);
        }

        return sum;
    }

    /// <summary>GET /erasure/{addr}: (segments' shard ids, healthy count per segment).</summary>
    public static async Task<(List<List<string>> Shards, List<int> Healthy)> InspectAsync(NodeProcess node, ContentId addr)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(node.AdminUri, "erasure/" + addr)));
        var shards = new List<List<string>>();
        var healthy = new List<int>();
        foreach (var seg in doc.RootElement.GetProperty("segments").EnumerateArray())
        {
            shards.Add(seg.GetProperty("shards").EnumerateArray().Select(s => ContentId.Parse(s.GetProperty("id").GetString()!).Hex).ToList());
            healthy.Add(seg.GetProperty("healthy").GetInt32());
        }

        return (shards, healthy);
    }

    /// <summary>Runs `ron ARGS --json --admin node` and returns the parsed JSON (asserting exit 0).</summary>
    public static async Task<JsonElement> RonJsonAsync(NodeProcess node, params string[] args)
    {
        var run = await RonCli.RunAsync([.. args, "--admin", node.AdminUri.ToString(), "--json"], timeout: TimeSpan.FromMinutes(5));
        Assert.True(run.ExitCode == 0, $"ron {string.Join(' ', args)} exited {run.ExitCode}: {run.Stderr}{run.Stdout}");
        using var doc = JsonDocument.Parse(run.Stdout);
        return doc.RootElement.Clone();
    }
}
