using System.Buffers.Binary;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Placement;

/// <summary>
/// Rendezvous (highest-random-weight) hashing: score = the first 8 bytes, big-endian, of
/// BLAKE3(content digest ‖ PeerId bytes); an object's holders are the peers with the highest scores
/// (ties, practically impossible, broken by PeerId). See specs/overlay.md §4.
/// </summary>
public static class Rendezvous
{
    /// <summary>The score of <paramref name="peer"/> for <paramref name="content"/>.</summary>
    public static ulong Score(ContentId content, PeerId peer)
    {
        Span<byte> input = stackalloc byte[ContentId.DigestLength + PeerId.Length];
        content.Digest.CopyTo(input);
        peer.Bytes.CopyTo(input[ContentId.DigestLength..]);
        Span<byte> hash = stackalloc byte[32];
        Blake3.Hasher.Hash(input, hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }

    /// <summary>Every peer in <paramref name="peers"/>, best holder first.</summary>
    public static List<PeerId> Rank(ContentId content, IEnumerable<PeerId> peers)
    {
        ArgumentNullException.ThrowIfNull(peers);
        var scored = peers.Distinct().Select(p => (Peer: p, Score: Score(content, p))).ToList();
        scored.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Peer.CompareTo(b.Peer));
        return scored.ConvertAll(s => s.Peer);
    }

    /// <summary>The top <paramref name="count"/> holders of <paramref name="content"/>.</summary>
    public static List<PeerId> Top(ContentId content, IEnumerable<PeerId> peers, int count)
    {
        var ranked = Rank(content, peers);
        return ranked.Count > count ? ranked.GetRange(0, count) : ranked;
    }
}
