using RustyOnions.Erasure;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Erasure;

/// <summary>One segment of an erasure-coded object: its length and the ids of its k + m shards (data first).</summary>
/// <param name="Length">Bytes of the object in this segment.</param>
/// <param name="Shards">Shard ids, data shards 0..k-1 then parity shards.</param>
public sealed record ManifestSegment(int Length, IReadOnlyList<ContentId> Shards)
{
    /// <summary>The stripe layout of this segment.</summary>
    public StripeLayout Layout(ObjectManifest m) => StripeLayout.For(Length, m.DataShards, m.ParityShards, m.Alignment);

    /// <summary>
    /// The placement key of the stripe: BLAKE3 of the concatenated shard digests (specs/erasure.md §5).
    /// Identical segments share shards and placement.
    /// </summary>
    public ContentId StripeKey()
    {
        var input = new byte[Shards.Count * ContentId.DigestLength];
        for (var i = 0; i < Shards.Count; i++)
        {
            Shards[i].Digest.CopyTo(input.AsSpan(i * ContentId.DigestLength));
        }

        return ContentId.Compute(input);
    }
}
