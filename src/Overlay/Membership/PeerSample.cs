using RustyOnions.Overlay.Peers;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Membership;

/// <summary>
/// Picks the peers one exchange passes on: news first (the most recently learned or revived peers, so a
/// joiner spreads epidemically in O(log N) rounds, as SWIM piggybacks updates), then a uniform random
/// fill (so every peer is eventually passed on, also in a quiet overlay).
/// </summary>
public static class PeerSample
{
    /// <summary>
    /// This node's advert first, then at most <paramref name="count"/> − 1 non-dead, non-banned peers other
    /// than <paramref name="exclude"/>: half of them the newest, the rest random.
    /// </summary>
    public static List<PeerAdvert> Pick(PeerTable table, PeerId exclude, int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(random);
        var candidates = table.Snapshot().Where(p => p.State != PeerState.Dead && !p.Banned && p.Peer != exclude).ToArray();
        var take = Math.Min(Math.Min(count, OverlayCodec.MaxPeers) - 1, candidates.Length);
        var sample = new List<PeerAdvert>(take + 1) { table.Self };
        if (take <= 0)
        {
            return sample;
        }

        // Newest first: a descending sort by change sequence (stable over the PeerId order of the snapshot).
        Array.Sort(candidates, (a, b) => b.Changed.CompareTo(a.Changed));
        var newest = take / 2;
        for (var i = 0; i < newest; i++)
        {
            sample.Add(candidates[i].ToAdvert());
        }

        // Partial Fisher–Yates over the rest: a uniform fill without sorting it.
        for (var i = newest; i < take; i++)
        {
            var j = random.Next(i, candidates.Length);
            (candidates[i], candidates[j]) = (candidates[j], candidates[i]);
            sample.Add(candidates[i].ToAdvert());
        }

        return sample;
    }

    /// <summary>
    /// Suspicion hints to pass on: at most <see cref="OverlayCodec.MaxPeers"/> peers this node itself saw miss
    /// a probe (suspect with misses, or dead), newest first. A hinted peer is only probed sooner by the
    /// receiver, so a departure is noticed overlay-wide in O(log N) rounds instead of N / ProbesPerRound.
    /// </summary>
    public static List<PeerId> Suspects(PeerTable table, PeerId exclude)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.Snapshot()
            .Where(p => p.Peer != exclude && !p.Banned && (p.State == PeerState.Dead || (p.State == PeerState.Suspect && p.Misses > 0)))
            .OrderByDescending(p => p.Changed).Take(OverlayCodec.MaxPeers).Select(p => p.Peer).ToList();
    }

    /// <summary>Applies received suspicion hints (see <see cref="PeerTable.Suspect"/>).</summary>
    public static void ApplySuspects(PeerTable table, IReadOnlyList<PeerId> suspects)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(suspects);
        foreach (var s in suspects)
        {
            table.Suspect(s);
        }
    }
}
