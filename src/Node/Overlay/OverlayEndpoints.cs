using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace RustyOnions.Node.Overlay;

/// <summary>Admin HTTP /peers: this node and the peers it knows (address, state, RTT), for `ron peers` and the testnet.</summary>
internal static class OverlayEndpoints
{
    public static void Map(WebApplication app, OverlayHolder overlay)
    {
        app.MapGet("/peers", () =>
        {
            if (overlay.Runtime is not { } o)
            {
                return Results.Json(new Dictionary<string, object> { ["ready"] = false }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var peers = o.Table.Snapshot().Select(p => new Dictionary<string, object?>
            {
                ["peer_id"] = p.Peer.ToString(),
                ["addr"] = p.Address.ToString(),
                ["onion"] = p.Onion?.ToString(),
                ["state"] = p.State.ToString().ToLowerInvariant(),
                ["rtt_ms"] = p.Rtt is { } r ? Math.Round(r.TotalMilliseconds, 3) : null,
                ["last_seen"] = p.LastSeen?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["penalties"] = p.Penalties,
                ["violations"] = p.Violations,
                ["banned"] = p.Banned,
            }).ToList();
            return Results.Json(new Dictionary<string, object?>
            {
                ["self"] = o.Table.Self.Address.ToString(),
                ["peer_id"] = o.Table.Self.Peer.ToString(),
                ["self_onion"] = o.Table.Self.TorAddress?.ToString(),
                ["skipped_clearnet"] = o.Table.SkippedClearnet,
                ["replication_factor"] = o.Replicator.Opts.Factor,
                ["write_quorum"] = o.Replicator.Opts.WriteQuorum,
                ["peers"] = peers,
            });
        });
    }
}
