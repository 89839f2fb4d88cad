using System.Buffers;
using Microsoft.Extensions.Logging;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Erasure;

/// <summary>
/// Partial repair (specs/erasure.md §8): per segment, one have-sweep finds which shards some peer
/// still holds; when shards are missing, k verified shards are fetched, only the missing shards are
/// regenerated (and checked against their ids in the manifest), and each goes to its own rendezvous
/// position when that peer holds no shard of the stripe, else to the next such peer in rendezvous order.
/// </summary>
public sealed partial class ErasureRepairer
{
    private readonly ErasureContext _ctx;

    /// <summary>Creates the repairer.</summary>
    public ErasureRepairer(ErasureContext ctx) => _ctx = ctx;

    /// <summary>
    /// Repairs <paramref name="obj"/>: segments with fewer healthy shards than <paramref name="threshold"/>
    /// (k + m for an explicit repair) are restored to full redundancy. Also restores missing manifest copies.
    /// Null when no manifest for <paramref name="obj"/> is found.
    /// </summary>
    public async Task<RepairReport?> RepairAsync(ContentId obj, int? threshold, CancellationToken ct)
    {
        var m = await _ctx.FindManifestAsync(obj, ct).ConfigureAwait(false);
        if (m is null)
        {
            return null;
        }

        await _ctx.PlaceManifestAsync(m, ct).ConfigureAwait(false);
        var below = threshold ?? m.TotalShards;
        int repairedSegments = 0, missing = 0, repaired = 0, lost = 0;
        long read = 0, written = 0;
        for (var index = 0; index < m.Segments.Count; index++)
        {
            var seg = m.Segments[index];
            var ranked = _ctx.RankStripe(seg);
            var holders = await _ctx.LocateAsync(seg, ranked, ct).ConfigureAwait(false);
            var absent = Enumerable.Range(0, m.TotalShards).Where(i => holders[i].Count == 0).ToList();
            missing += absent.Count;
            if (absent.Count == 0 || m.TotalShards - absent.Count >= below)
            {
                continue;
            }

            if (m.TotalShards - absent.Count < m.DataShards)
            {
                lost++;
                LogLost(_ctx.Log, obj.ToString(), index, m.TotalShards - absent.Count, m.DataShards);
                continue;
            }

            var (r, w, n) = await RepairSegmentAsync(m, seg, ranked, holders, absent, ct).ConfigureAwait(false);
            read += r;
            written += w;
            repaired += n;
            repairedSegments++;
        }

        return new RepairReport(obj, m.Segments.Count, repairedSegments, missing, repaired, read, written, lost);
    }

    private async Task<(long Read, long Written, int Shards)> RepairSegmentAsync(ObjectManifest m, ManifestSegment seg, List<PeerId> ranked, List<PeerId>[] holders, List<int> absent, CancellationToken ct)
    {
        var layout = seg.Layout(m);
        var s = layout.ShardSize;
        var buffer = ArrayPool<byte>.Shared.Rent(checked((int)layout.StoredLength));
        try
        {
            var fetcher = new SegmentFetcher(_ctx, m, seg, buffer, s);
            var present = await fetcher.FetchAsync(ct).ConfigureAwait(false);
            _ctx.Metrics.RepairBytesRead(fetcher.BytesFetched);
            var shards = new Memory<byte>[m.TotalShards];
            for (var i = 0; i < shards.Length; i++)
            {
                shards[i] = buffer.AsMemory(i * s, s);
            }

            if (present.Contains(false))
            {
                _ctx.Codec(m.DataShards, m.ParityShards).Reconstruct(shards, present);
            }

            // Peers already holding a shard of this stripe are not chosen again while others remain.
            var busy = holders.SelectMany(h => h).ToHashSet();
            long written = 0;
            var count = 0;
            foreach (var i in absent)
            {
                if (ContentId.Compute(shards[i].Span) != seg.Shards[i])
                {
                    throw new ErasureIntegrityException($"regenerated shard {i} does not hash to {seg.Shards[i]}: the manifest does not describe these shards");
                }

                var targets = new List<PeerId>();
                if (i < ranked.Count && !busy.Contains(ranked[i]))
                {
                    targets.Add(ranked[i]);
                }

                targets.AddRange(ranked.Skip(m.TotalShards).Where(p => !busy.Contains(p)));
                targets.AddRange(ranked.Where(p => !busy.Contains(p) && !targets.Contains(p)));
                targets.AddRange(ranked.Where(p => !targets.Contains(p)));
                foreach (var peer in targets)
                {
                    if (await _ctx.PutShardAsync(peer, seg.Shards[i], shards[i], ct).ConfigureAwait(false))
                    {
                        busy.Add(peer);
                        written += s;
                        count++;
                        _ctx.Metrics.ShardRepaired(s);
                        LogRepaired(_ctx.Log, seg.Shards[i].ToString(), i, peer.ToString()[..12]);
                        break;
                    }
                }
            }

            return (fetcher.BytesFetched, written, count);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "repaired shard {Shard} (index {Index}) onto {Peer}")]
    private static partial void LogRepaired(ILogger log, string shard, int index, string peer);

    [LoggerMessage(Level = LogLevel.Error, Message = "object {Obj} segment {Index} has {Left} shards left, fewer than k={K}: not repairable now")]
    private static partial void LogLost(ILogger log, string obj, int index, int left, int k);
}
