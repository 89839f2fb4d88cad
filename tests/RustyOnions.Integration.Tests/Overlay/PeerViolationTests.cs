using System.Text.Json;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Proto.Addressing;
using RustyOnions.Sdk;
using RustyOnions.Sdk.Errors;
using RustyOnions.Sdk.Retry;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;
using RustyOnions.Transport.Tls.Certificates;
using RustyOnions.Transport.Tls.Client;
using RustyOnions.Transport.Tls.Identity;

namespace RustyOnions.Integration.Tests.Overlay;

public sealed class PeerViolationTests
{
    [Fact]
    public async Task Malformed_or_oversized_overlay_message_closes_only_that_link_and_counts_against_the_peer()
    {
        using var dir = new TempDir("ron-violation");
        await using var node = await NodeProcess.StartAsync(dir.Combine("data"));
        using var identity = NodeIdentity.CreateEphemeral();
        using var cert = NodeCertificate.Create(identity);
        var opts = new RonClientOpts { Node = node.Address, Tls = new TlsDialOpts { ClientCertificate = cert }, Retry = RonRetryOpts.None };
        var me = identity.PeerId;
        var ping = OverlayCodec.EncodeAdvert(new PeerAdvert(me, new NodeAddress(TransportKind.Tls, "127.0.0.1", 1, me)));

        await using var good = await RonClient.ConnectAsync(opts);
        await using var malformed = await RonClient.ConnectAsync(opts);
        await using var oversized = await RonClient.ConnectAsync(opts);
        Assert.NotEmpty(await good.CallAsync(OverlayAppIds.Ping, ping, 65536)); // the node now knows this peer

        var bad = await Assert.ThrowsAsync<RonException>(() => malformed.CallAsync(OverlayAppIds.PeerExchange, "{\"peers\":"u8.ToArray(), 65536));
        Assert.Equal(400, bad.Status);
        Assert.Equal("BAD_REQUEST", bad.Code);
        await Poll.UntilAsync(() => malformed.IsClosed, TimeSpan.FromSeconds(30), "the node to close the link that sent a malformed message");

        var huge = new byte[OverlayCodec.MaxMessageBytes + 100];
        huge.AsSpan().Fill((byte)' ');
        var tooLarge = await Assert.ThrowsAsync<RonException>(() => oversized.CallAsync(OverlayAppIds.Ping, huge, 65536));
        Assert.Equal(400, tooLarge.Status);
        Assert.Contains("exceeds the limit", tooLarge.Message, StringComparison.Ordinal);
        await Poll.UntilAsync(() => oversized.IsClosed, TimeSpan.FromSeconds(30), "the node to close the link that sent an oversized message");

        // The peer's other link, and the node itself, are unaffected.
        Assert.False(good.IsClosed);
        Assert.NotEmpty(await good.CallAsync(OverlayAppIds.Ping, ping, 65536));
        await using (var plain = await RonClient.ConnectAsync(new RonClientOpts { Node = node.Address }))
        {
            Assert.Equal("ok"u8.ToArray(), await plain.EchoAsync("ok"u8.ToArray()));
        }

        using var http = new HttpClient();
        using var peers = JsonDocument.Parse(await http.GetStringAsync(new Uri(node.AdminUri, "peers")));
        var record = peers.RootElement.GetProperty("peers").EnumerateArray().Single(p => p.GetProperty("peer_id").GetString() == me.ToString());
        Assert.Equal(2, record.GetProperty("violations").GetInt32());
        Assert.False(record.GetProperty("banned").GetBoolean()); // banned at the third violation
        var metrics = await http.GetStringAsync(new Uri(node.AdminUri, "metrics"));
        Assert.Contains("ron_peer_links_closed_total{reason=\"malformed\"} 2", metrics, StringComparison.Ordinal);
    }
}
