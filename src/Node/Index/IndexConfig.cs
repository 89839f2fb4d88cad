using System.Globalization;
using RustyOnions.Node.Config;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Node.Index;

/// <summary>Reads the index settings out of the merged config values (file &lt; RON_* env &lt; flags).</summary>
internal static class IndexConfig
{
    public static NodeOpts Apply(NodeOpts o, Dictionary<string, string> v, List<string> problems)
    {
        var index = o.Index;
        if (v.TryGetValue("index_federation", out var fed))
        {
            index = index with { Federation = ParseMembers(fed, problems) };
        }

        if (v.TryGetValue("index_sync_interval_ms", out var iv))
        {
            if (long.TryParse(iv, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0)
            {
                index = index with { SyncInterval = TimeSpan.FromMilliseconds(ms) };
            }
            else
            {
                problems.Add($"index_sync_interval_ms (RON_INDEX_SYNC_INTERVAL_MS) must be a positive integer, got '{iv}'");
            }
        }

        return o with { Index = index };
    }

    /// <summary>Comma-separated node addresses (a JSON array of strings in the config file works too).</summary>
    private static List<NodeAddress> ParseMembers(string text, List<string> problems)
    {
        var list = new List<NodeAddress>();
        var trimmed = text.Trim();
        if (trimmed.StartsWith('['))
        {
            trimmed = trimmed.Trim('[', ']').Replace("\"", string.Empty, StringComparison.Ordinal);
        }

        foreach (var part in trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (NodeAddress.TryParse(part, out var a, out var error))
            {
                list.Add(a);
            }
            else
            {
                problems.Add($"index_federation (RON_INDEX_FEDERATION) entry '{part}' is not a node address: {error}");
            }
        }

        return list;
    }
}
