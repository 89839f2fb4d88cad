namespace RustyOnions.Overlay.Protocol;

/// <summary>The overlay peer protocol's OAP/1 app ids (range 0x0100–0x01FF, see specs/overlay.md).</summary>
public static class OverlayAppIds
{
    /// <summary>Liveness probe carrying the caller's advert; the reply carries the callee's.</summary>
    public const ushort Ping = 0x0101;

    /// <summary>Peer exchange: send a sample of known peers, receive one back.</summary>
    public const ushort PeerExchange = 0x0102;

    /// <summary>Have/want: which of these addresses does the callee hold.</summary>
    public const ushort Have = 0x0103;

    /// <summary>Store replica: a streamed object the callee stores verified, without re-replicating it.</summary>
    public const ushort StoreReplica = 0x0104;

    /// <summary>Fetch: the callee streams an object it holds locally (never fetched on the caller's behalf).</summary>
    public const ushort Fetch = 0x0105;

    /// <summary>All overlay app ids.</summary>
    public static IReadOnlyList<ushort> All { get; } = [Ping, PeerExchange, Have, StoreReplica, Fetch];

    /// <summary>A short name for metrics.</summary>
    public static string NameOf(ushort appId) => appId switch
    {
        Ping => "overlay_ping",
        PeerExchange => "overlay_pex",
        Have => "overlay_have",
        StoreReplica => "overlay_store",
        Fetch => "overlay_fetch",
        _ => $"overlay_0x{appId:x4}",
    };
}
