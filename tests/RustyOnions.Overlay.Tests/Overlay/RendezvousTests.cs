using System.Globalization;
using RustyOnions.Overlay.Placement;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Tests.Overlay;

public sealed class RendezvousTests
{
    [Fact]
    public void Scores_and_ranking_match_the_b3sum_generated_vectors()
    {
        foreach (var c in OverlayVectors.Load("rendezvous.json").GetProperty("cases").EnumerateArray())
        {
            var content = ContentId.Parse(c.GetProperty("content").GetString()!);
            var peers = c.GetProperty("peers").EnumerateArray().Select(p => PeerId.Parse(p.GetString()!)).ToList();
            var scores = c.GetProperty("scores").EnumerateArray().Select(s => ulong.Parse(s.GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToList();
            for (var i = 0; i < peers.Count; i++)
            {
                Assert.Equal(scores[i], Rendezvous.Score(content, peers[i]));
            }

            var expected = c.GetProperty("ranking").EnumerateArray().Select(p => PeerId.Parse(p.GetString()!)).ToList();
            Assert.Equal(expected, Rendezvous.Rank(content, peers));
            Assert.Equal(expected.Take(3), Rendezvous.Top(content, peers, 3));
        }
    }

    [Fact]
    public void Removing_a_peer_moves_only_the_objects_it_held()
    {
        var rng = new Random(7);
        var peers = Enumerable.Range(0, 50).Select(_ => RandomPeer(rng)).ToList();
        var gone = peers[13];
        var survivors = peers.Where(p => p != gone).ToList();
        for (var i = 0; i < 2000; i++)
        {
            var id = ContentId.Compute(BitConverter.GetBytes(i));
            var before = Rendezvous.Top(id, peers, 3);
            var after = Rendezvous.Top(id, survivors, 3);
            var kept = before.Where(p => p != gone).ToList();
            Assert.Equal(kept, after.Take(kept.Count));
        }
    }

    [Fact]
    public void Top_equals_the_head_of_the_full_ranking_even_with_duplicate_peers()
    {
        var rng = new Random(11);
        var peers = Enumerable.Range(0, 40).Select(_ => RandomPeer(rng)).ToList();
        var withDuplicates = peers.Concat(peers.Take(15)).OrderBy(_ => rng.Next()).ToList();
        for (var i = 0; i < 500; i++)
        {
            var id = ContentId.Compute(BitConverter.GetBytes(i));
            var ranked = Rendezvous.Rank(id, peers);
            foreach (var r in new[] { 0, 1, 3, 5, 40, 60 })
            {
                Assert.Equal(ranked.Take(r), Rendezvous.Top(id, withDuplicates, r));
            }
        }
    }

    private static PeerId RandomPeer(Random rng)
    {
        var b = new byte[32];
        rng.NextBytes(b);
        return PeerId.FromBytes(b);
    }
}
