using RustyOnions.Erasure;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Erasure;

/// <summary>Codes one segment into shards and places them (specs/erasure.md §5, §7).</summary>
internal static class SegmentCoder
{
    /// <summary>
    /// <paramref name="buffer"/> holds the segment in its first <paramref name="length"/> bytes and has
    /// room for all k + m shards. Data shard i is the slice at i·S (the segment followed by zero
    /// padding, as the stripe layout defines), parity follows; every shard is hashed, then shard i goes
    /// to the i-th peer of the stripe's rendezvous ranking.
    /// </summary>
    public static async Task<ManifestSegment> CodeAndPlaceAsync(ErasureContext ctx, int k, int m, int alignment, byte[] buffer, int length, CancellationToken ct)
    {
        var layout = StripeLayout.For(length, k, m, alignment);
        var s = layout.ShardSize;
        var n = k + m;
        buffer.AsSpan(length, (k * s) - length).Clear();
        var shards = new Memory<byte>[n];
        for (var i = 0; i < n; i++)
        {
            shards[i] = buffer.AsMemory(i * s, s);
        }

        ctx.Codec(k, m).Encode(shards);
        var ids = new ContentId[n];
        for (var i = 0; i < n; i++)
        {
            ids[i] = ContentId.Compute(shards[i].Span);
        }

        var segment = new ManifestSegment(length, ids);
        await PlaceAsync(ctx, segment, shards, ct).ConfigureAwait(false);
        return segment;
    }

    /// <summary>
    /// Shard i to ranked peer i (wrapping when there are fewer peers than shards); a peer that fails is
    /// replaced by the next unused peer in rendezvous order (ranks n, n+1, …), then by any peer.
    /// </summary>
    public static async Task PlaceAsync(ErasureContext ctx, ManifestSegment segment, Memory<byte>[] shards, CancellationToken ct)
    {
        var ranked = ctx.RankStripe(segment);
        var n = segment.Shards.Count;
        var spare = n - 1;
        PeerId? Next(HashSet<PeerId> tried)
        {
            var next = Interlocked.Increment(ref spare);
            if (next < ranked.Count && !tried.Contains(ranked[next]))
            {
                return ranked[next];
            }

            foreach (var p in ranked)
            {
                if (!tried.Contains(p))
                {
                    return p;
                }
            }

            return null;
        }

        async Task PlaceOne(int i)
        {
            var tried = new HashSet<PeerId>();
            var peer = ranked[i % ranked.Count];
            while (true)
            {
                tried.Add(peer);

                // One retry on the same peer first: under load a push can fail transiently, and moving
                // the shard elsewhere would put two shards of the stripe on one peer when none is spare.
                for (var attempt = 0; attempt < 2; attempt++)
                {
                    if (await ctx.PutShardAsync(peer, segment.Shards[i], shards[i], ct).ConfigureAwait(false))
                    {
                        return;
                    }
                }

                var candidate = Next(tried);
                if (candidate is null)
                {
                    throw new ErasurePlacementException($"shard {i} ({segment.Shards[i]}) could not be stored on any of {ranked.Count} peers");
                }

                peer = candidate.Value;
            }
        }

        await Task.WhenAll(Enumerable.Range(0, n).Select(PlaceOne)).ConfigureAwait(false);
    }
}
