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

    /// <summary>The top <paramref name="count"/> holders of <paramref name="content"/>, best first.</summary>
    /// <remarks>
    /// One pass keeping the best <paramref name="count"/> (O(N·R) instead of sorting all N): placement
    /// runs once per object per membership change, so at thousands of peers this is the hot path.
    /// Same order as <see cref="Rank"/>.
    /// </remarks>
    public static List<PeerId> Top(ContentId content, IEnumerable<PeerId> peers, int count)
    {
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var best = new List<(PeerId Peer, ulong Score)>(count + 1);
        foreach (var peer in peers)
        {
            var score = Score(content, peer);
            var at = best.Count;
            var duplicate = false;
            while (at > 0)
            {
                var above = best[at - 1];
                if (above.Score > score || (above.Score == score && above.Peer <= peer))
                {
                    duplicate = above.Score == score && above.Peer == peer;
                    break;
                }

                at--;
            }

            if (duplicate || at >= count)
            {
                continue;
            }

            best.Insert(at, (peer, score));
            if (best.Count > count)
            {
                best.RemoveAt(count);
            }
        }

        return best.ConvertAll(b => b.Peer);
    }
}
