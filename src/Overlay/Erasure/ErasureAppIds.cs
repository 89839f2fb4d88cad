namespace RustyOnions.Overlay.Erasure;

/// <summary>
/// Peer calls for erasure-coded objects (inside the overlay range, specs/erasure.md §6). Heads and
/// replies use the overlay JSON codec; shards live in each node's shard store, apart from whole
/// replicated objects, so migration never copies them.
/// </summary>
public static class ErasureAppIds
{
    /// <summary>Which of these shard ids does the callee hold: <c>{"addrs":[…]}</c> → <c>{"have":[…]}</c>.</summary>
    public const ushort ShardHave = 0x0110;

    /// <summary>Store a shard: <c>{"addr","size"}</c> then the bytes; verified before it becomes visible.</summary>
    public const ushort ShardStore = 0x0111;

    /// <summary>Fetch a shard the callee holds: <c>{"addr"}</c> → its bytes, streamed, verified on both sides.</summary>
    public const ushort ShardFetch = 0x0112;

    /// <summary>Fetch the manifest of an object: <c>{"addr": object}</c> → manifest bytes.</summary>
    public const ushort ManifestFetch = 0x0113;

    /// <summary>Store a manifest: <c>{"addr": object, "size": n}</c> then the manifest bytes.</summary>
    public const ushort ManifestStore = 0x0114;

    /// <summary>All erasure app ids.</summary>
    public static IReadOnlyList<ushort> All { get; } = [ShardHave, ShardStore, ShardFetch, ManifestFetch, ManifestStore];

    /// <summary>A short name for metrics.</summary>
    public static string NameOf(ushort appId) => appId switch
    {
        ShardHave => "erasure_shard_have",
        ShardStore => "erasure_shard_store",
        ShardFetch => "erasure_shard_fetch",
        ManifestFetch => "erasure_manifest_fetch",
        ManifestStore => "erasure_manifest_store",
        _ => $"erasure_0x{appId:x4}",
    };
}
