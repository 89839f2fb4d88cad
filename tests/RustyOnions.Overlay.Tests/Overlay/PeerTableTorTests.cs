using System.Text;
using RustyOnions.Overlay.Membership;
using RustyOnions.Overlay.Peers;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Tests.Overlay;

/// <summary>Peers over tor: which address a node keeps for a peer, and how its own advert changes.</summary>
public sealed class PeerTableTorTests
{
    private const string Onion = "pjkpykvq2pn6ctv6zbr5xlxkuvugdihbc74bs5nwbs6ce4y3dguckwad.onion";
    private static readonly PeerId Me = Id(1);
    private static readonly PeerId Other = Id(2);

    [Fact]
    public void Privacy_mode_keeps_a_dual_stack_peer_at_its_onion_address()
    {
        var table = new PeerTable(Self(), new PeerTableOpts { TorOnly = true });
        var advert = new PeerAdvert(Other, Tls(9443)) { Onion = Tor(9443) };
        Assert.True(table.Learn(advert));
        var seen = Assert.Single(table.Snapshot());
        Assert.Equal(TransportKind.Tor, seen.Address.Transport);
        Assert.Equal(Tor(9443).WithPeer(Other), seen.Address);

        // A ping answer re-states the tls address: privacy mode still keeps the onion.
        table.MarkAlive(advert, TimeSpan.FromMilliseconds(5), DateTimeOffset.UtcNow);
        Assert.Equal(TransportKind.Tor, Assert.Single(table.Snapshot()).Address.Transport);
        Assert.Equal(0, table.SkippedClearnet);
    }

    [Fact]
    public void Privacy_mode_skips_a_clearnet_only_peer_and_counts_it()
    {
        var table = new PeerTable(Self(), new PeerTableOpts { TorOnly = true });
        Assert.False(table.Learn(new PeerAdvert(Other, Tls(9443))));
        table.MarkAlive(new PeerAdvert(Other, Tls(9443)), null, DateTimeOffset.UtcNow);
        Assert.Empty(table.Snapshot());
        Assert.Equal(2, table.SkippedClearnet);
        Assert.Equal([Me], table.Placeable());
    }

    [Fact]
    public void Clearnet_mode_prefers_the_tls_address_and_passes_the_onion_on_in_exchange()
    {
        var table = new PeerTable(Self());
        table.Learn(new PeerAdvert(Other, Tls(9443)) { Onion = Tor(9444) });
        var seen = Assert.Single(table.Snapshot());
        Assert.Equal(TransportKind.Tls, seen.Address.Transport);
        var again = OverlayCodec.DecodePeers(OverlayCodec.EncodePeers([seen.ToAdvert()])).Single();
        Assert.Equal(Tor(9444).WithPeer(Other), again.Onion);
        Assert.Equal(Tor(9444).WithPeer(Other), again.TorAddress);
    }

    [Fact]
    public void Update_self_changes_the_advert_but_not_the_identity()
    {
        var table = new PeerTable(Self());
        table.UpdateSelf(new PeerAdvert(Me, Tor(9443)));
        Assert.Equal(Tor(9443), table.Self.Address);
        Assert.Contains("tor://" + Onion, Encoding.UTF8.GetString(OverlayCodec.EncodeAdvert(table.Self)), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => table.UpdateSelf(new PeerAdvert(Other, Tls(1))));
    }

    [Fact]
    public async Task Saved_table_keeps_the_onion_address()
    {
        var file = Path.Combine(Path.GetTempPath(), $"ron-peers-{Guid.NewGuid():N}.json");
        try
        {
            var table = new PeerTable(Self());
            table.Learn(new PeerAdvert(Other, Tls(9443)) { Onion = Tor(9443) });
            await table.SaveAsync(file, CancellationToken.None);
            var loaded = Assert.Single(PeerTable.LoadSaved(file));
            Assert.Equal(Tor(9443).WithPeer(Other), loaded.Onion);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Tor_peers_get_the_longer_probe_budget()
    {
        var opts = new MembershipOpts();
        Assert.Equal(opts.TorProbeTimeout, opts.ProbeTimeoutFor(Tor(9443)));
        Assert.Equal(opts.ProbeTimeout, opts.ProbeTimeoutFor(Tls(9443)));
        Assert.True(opts.TorProbeTimeout > opts.ProbeTimeout);
    }

    private static PeerAdvert Self() => new(Me, Tls(1).WithPeer(Me));

    private static NodeAddress Tls(int port) => new(TransportKind.Tls, "127.0.0.1", port, null);

    private static NodeAddress Tor(int port) => new(TransportKind.Tor, Onion, port, null);

    private static PeerId Id(byte b)
    {
        var bytes = new byte[32];
        bytes[0] = b;
        return PeerId.FromBytes(bytes);
    }
}
