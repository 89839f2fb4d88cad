using RustyOnions.Overlay.Membership;
using RustyOnions.Overlay.Peers;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Tests.Overlay;

public sealed class MembershipResponderTests
{
    private static readonly Random Rng = new(3);

    [Fact]
    public void Ping_claiming_another_identity_than_the_link_proved_is_refused_and_learns_nothing()
    {
        var table = new PeerTable(Advert(Peer()));
        var proven = Peer();
        var claimed = Advert(Peer());

        var e = Assert.Throws<PeerImpersonationException>(() => MembershipResponder.Ping(table, proven, OverlayCodec.EncodeAdvert(claimed), DateTimeOffset.UtcNow));

        Assert.Contains(proven.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Empty(table.Snapshot());
    }

    [Fact]
    public void Exchange_returns_self_first_then_a_sample_without_the_caller_or_dead_peers()
    {
        var table = new PeerTable(Advert(Peer()));
        var caller = Advert(Peer());
        var dead = Advert(Peer());
        table.Learn(dead);
        for (var i = 0; i < 3; i++)
        {
            table.MarkMiss(dead.Peer);
        }

        foreach (var other in Enumerable.Range(0, 100).Select(_ => Advert(Peer())))
        {
            table.Learn(other);
        }

        var reply = OverlayCodec.DecodePeers(MembershipResponder.Exchange(table, caller.Peer, OverlayCodec.EncodePeers([caller]), new Random(1)));

        Assert.Equal(table.Self.Peer, reply[0].Peer);
        Assert.Equal(OverlayCodec.MaxPeers, reply.Count);
        Assert.DoesNotContain(reply, a => a.Peer == caller.Peer || a.Peer == dead.Peer);
        Assert.Equal(reply.Count, reply.Select(a => a.Peer).Distinct().Count());
        Assert.Equal(102, table.Snapshot().Count);
    }

    [Fact]
    public void Exchange_passes_on_the_newest_peer_first_even_in_a_large_table()
    {
        var table = new PeerTable(Advert(Peer()));
        foreach (var other in Enumerable.Range(0, 500).Select(_ => Advert(Peer())))
        {
            table.Learn(other);
        }

        var joiner = Advert(Peer());
        table.Learn(joiner);

        var reply = OverlayCodec.DecodePeers(MembershipResponder.Exchange(table, Peer(), OverlayCodec.EncodePeers([]), new Random(1)));

        Assert.Equal(joiner.Peer, reply[1].Peer);
        Assert.Equal(OverlayCodec.MaxPeers, reply.Count);
    }

    [Fact]
    public void Suspicion_hint_makes_an_alive_peer_suspect_without_a_miss_and_is_passed_on_only_after_a_real_miss()
    {
        var table = new PeerTable(Advert(Peer()));
        var caller = Advert(Peer());
        var hinted = Advert(Peer());
        var missed = Advert(Peer());
        table.MarkAlive(hinted, null, DateTimeOffset.UtcNow);
        table.MarkAlive(missed, null, DateTimeOffset.UtcNow);
        table.MarkMiss(missed.Peer);
        var unknown = Peer();

        var reply = MembershipResponder.Exchange(table, caller.Peer, OverlayCodec.EncodePeers([caller], [hinted.Peer, unknown]), new Random(1));

        var view = table.Find(hinted.Peer)!;
        Assert.Equal(PeerState.Suspect, view.State);
        Assert.Equal(0, view.Misses);
        Assert.Contains(hinted.Peer, table.Placeable());
        Assert.Null(table.Find(unknown));
        Assert.Equal([missed.Peer], OverlayCodec.DecodeSuspects(reply));

        table.MarkAlive(hinted, null, DateTimeOffset.UtcNow);
        Assert.Equal(PeerState.Alive, table.Find(hinted.Peer)!.State);
    }

    [Fact]
    public void Malformed_exchange_head_throws_the_overlay_message_exception()
    {
        var table = new PeerTable(Advert(Peer()));
        Assert.Throws<OverlayMessageException>(() => MembershipResponder.Exchange(table, Peer(), "{\"peers\":7}"u8, new Random(1)));
    }

    private static PeerId Peer()
    {
        var b = new byte[32];
        Rng.NextBytes(b);
        return PeerId.FromBytes(b);
    }

    private static PeerAdvert Advert(PeerId p) => new(p, new NodeAddress(TransportKind.Tls, "127.0.0.1", 4000, p));
}
