using RustyOnions.Overlay.Peers;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Membership;

/// <summary>
/// The callee's side of ping and peer exchange (specs/overlay.md §2–3), shared by the node's OAP/1
/// service and the in-memory simulation so both run the same membership logic.
/// </summary>
public static class MembershipResponder
{
    /// <summary>
    /// Answers a ping from the peer the link proved as <paramref name="remote"/>: marks it alive and
    /// returns this node's advert.
    /// </summary>
    /// <exception cref="OverlayMessageException">The head is malformed.</exception>
    /// <exception cref="PeerImpersonationException">The advert names another PeerId than the link proved.</exception>
    public static byte[] Ping(PeerTable table, PeerId remote, ReadOnlySpan<byte> head, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(table);
        var advert = OverlayCodec.DecodeAdvert(head);
        if (advert.Peer != remote)
        {
            throw new PeerImpersonationException(remote, advert.Peer);
        }

        table.MarkAlive(advert, null, now);
        return OverlayCodec.EncodeAdvert(table.Self);
    }

    /// <summary>
    /// Answers a peer exchange: learns the caller's sample and returns a random sample of this node's
    /// non-dead, non-banned peers (itself first, the caller excluded, at most <see cref="OverlayCodec.MaxPeers"/>).
    /// </summary>
    /// <exception cref="OverlayMessageException">The head is malformed.</exception>
    public static byte[] Exchange(PeerTable table, PeerId remote, ReadOnlySpan<byte> head, Random random)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(random);
        foreach (var p in OverlayCodec.DecodePeers(head))
        {
            table.Learn(p);
        }

        var candidates = table.Snapshot().Where(p => p.State != PeerState.Dead && !p.Banned && p.Peer != remote).ToArray();

        // Partial Fisher–Yates: a uniform sample without sorting the whole table.
        var take = Math.Min(OverlayCodec.MaxPeers - 1, candidates.Length);
        var sample = new List<PeerAdvert>(take + 1) { table.Self };
        for (var i = 0; i < take; i++)
        {
            var j = random.Next(i, candidates.Length);
            (candidates[i], candidates[j]) = (candidates[j], candidates[i]);
            sample.Add(candidates[i].ToAdvert());
        }

        return OverlayCodec.EncodePeers(sample);
    }
}
