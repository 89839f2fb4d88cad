using RustyOnions.Proto.Addressing;

namespace RustyOnions.Node.Index;

/// <summary>Index settings: the static federation list and the anti-entropy period.</summary>
public sealed record IndexOpts
{
    /// <summary>Index peers (<c>tls://host:port#peer</c>); this node's own entry is ignored, so every member can share one list.</summary>
    public IReadOnlyList<NodeAddress> Federation { get; init; } = [];

    /// <summary>How often each member's change feed is pulled (<c>index_sync_interval_ms</c>).</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromMilliseconds(5000);

    /// <summary>How long a push or a fan-out call may take per member.</summary>
    public TimeSpan MemberTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Returns one message per problem.</summary>
    public IEnumerable<string> Validate()
    {
        if (SyncInterval < TimeSpan.FromMilliseconds(50))
        {
            yield return $"index_sync_interval_ms {SyncInterval.TotalMilliseconds} is below 50 (RON_INDEX_SYNC_INTERVAL_MS)";
        }

        foreach (var m in Federation)
        {
            if (m.PeerId is null)
            {
                yield return $"index_federation member {m} has no #PeerId pin; members are reached over TLS with self-signed identity certificates, so write tls://host:port#<peer id> (RON_INDEX_FEDERATION)";
            }
        }
    }
}
