using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using RustyOnions.Overlay.Erasure;
using RustyOnions.Proto.Content;

namespace RustyOnions.Node.Overlay.Erasure;

/// <summary>
/// Admin HTTP for erasure-coded objects: <c>POST /scrub</c> (verify local shards now),
/// <c>POST /repair/{addr}</c> (restore an object to full redundancy now), <c>GET /erasure/{addr}</c>
/// (its manifest and which peers hold each shard). Errors are the JSON envelope.
/// </summary>
internal static class ErasureEndpoints
{
    public static void Map(WebApplication app, ErasureHolder erasure)
    {
        app.MapPost("/scrub", async (HttpContext http) =>
        {
            if (erasure.Runtime is not { IsOpen: true } r)
            {
                return NotReady();
            }

            var report = await r.Scrubber.ScrubAsync(http.RequestAborted).ConfigureAwait(false);
            return Results.Json(new Dictionary<string, object>
            {
                ["verified"] = report.Verified,
                ["corrupt"] = report.Corrupt,
                ["bytes"] = report.Bytes,
                ["corrupt_ids"] = report.CorruptIds,
            });
        });
        app.MapPost("/repair/{addr}", async (string addr, HttpContext http) =>
        {
            if (erasure.Runtime is not { IsOpen: true } r)
            {
                return NotReady();
            }

            if (!ContentId.TryParse(addr, out var id, out var error))
            {
                return Error(StatusCodes.Status400BadRequest, "BAD_REQUEST", $"'{addr}' is not a content address: {error}");
            }

            try
            {
                var report = await r.Repairer.RepairAsync(id, threshold: null, http.RequestAborted).ConfigureAwait(false);
                if (report is null)
                {
                    return Error(StatusCodes.Status404NotFound, "NOT_FOUND", $"no manifest for {id} on this node or its manifest holders (not an erasure-coded object?)");
                }

                return Results.Json(new Dictionary<string, object>
                {
                    ["addr"] = report.Object.ToString(),
                    ["segments"] = report.Segments,
                    ["segments_repaired"] = report.SegmentsRepaired,
                    ["shards_missing"] = report.ShardsMissing,
                    ["shards_repaired"] = report.ShardsRepaired,
                    ["bytes_read"] = report.BytesRead,
                    ["bytes_written"] = report.BytesWritten,
                    ["segments_lost"] = report.SegmentsLost,
                });
            }
            catch (ErasureIntegrityException e)
            {
                return Error(StatusCodes.Status500InternalServerError, "CORRUPT", e.Message);
            }
        });
        app.MapGet("/erasure/{addr}", async (string addr, HttpContext http) =>
        {
            if (erasure.Runtime is not { IsOpen: true } r)
            {
                return NotReady();
            }

            if (!ContentId.TryParse(addr, out var id, out var error))
            {
                return Error(StatusCodes.Status400BadRequest, "BAD_REQUEST", $"'{addr}' is not a content address: {error}");
            }

            var ctx = r.Context;
            var m = await ctx.FindManifestAsync(id, http.RequestAborted).ConfigureAwait(false);
            if (m is null)
            {
                return Error(StatusCodes.Status404NotFound, "NOT_FOUND", $"no manifest for {id} on this node or its manifest holders");
            }

            var segments = new List<object>();
            for (var i = 0; i < m.Segments.Count; i++)
            {
                var seg = m.Segments[i];
                var holders = await ctx.LocateAsync(seg, ctx.RankStripe(seg), http.RequestAborted).ConfigureAwait(false);
                segments.Add(new Dictionary<string, object>
                {
                    ["length"] = seg.Length,
                    ["healthy"] = holders.Count(h => h.Count > 0),
                    ["shards"] = seg.Shards.Select((s, j) => new Dictionary<string, object> { ["id"] = s.ToString(), ["holders"] = holders[j].Select(p => p.ToString()).ToList() }).ToList(),
                });
            }

            return Results.Json(new Dictionary<string, object>
            {
                ["addr"] = m.Object.ToString(),
                ["size"] = m.Size,
                ["k"] = m.DataShards,
                ["m"] = m.ParityShards,
                ["segment_bytes"] = m.SegmentBytes,
                ["manifest_id"] = ContentId.Compute(m.Encode()).ToString(),
                ["segments"] = segments,
            });
        });
    }

    private static IResult NotReady() => Error(StatusCodes.Status503ServiceUnavailable, "UNAVAILABLE", "erasure layer is starting", retryable: true);

    private static IResult Error(int status, string code, string message, bool retryable = false) =>
        Results.Json(new Dictionary<string, object> { ["code"] = code, ["message"] = message, ["retryable"] = retryable, ["corr_id"] = 0 }, statusCode: status);
}
