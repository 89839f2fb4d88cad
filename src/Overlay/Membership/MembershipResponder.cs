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
    /// Answers a peer exchange: learns the caller's sample and returns a sample of this node's non-dead,
    /// non-banned peers (newest first, then random; see <see cref="PeerSample"/>),
    /// and swaps suspicion hints both ways (itself first, the caller excluded, at most <see cref="OverlayCodec.MaxPeers"/>).
    /// </summary>
    /// <exception cref="OverlayMessageException">The head is malformed.</exception>
    public static byte[] Exchange(PeerTable table, PeerId remote, ReadOnlySpan<byte> head, Random random)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(random);
        var peers = OverlayCodec.DecodePeers(head);
        var suspects = OverlayCodec.DecodeSuspects(head);
        foreach (var p in peers)
        {
            table.Learn(p);
        }

        PeerSample.ApplySuspects(table, suspects);

        var sample = PeerSample.Pick(table, remote, OverlayCodec.MaxPeers, random);
        return OverlayCodec.EncodePeers(sample, PeerSample.Suspects(table, remote));
    }
}
