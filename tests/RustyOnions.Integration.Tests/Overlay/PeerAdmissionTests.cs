using RustyOnions.Overlay.Protocol;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Content;
using RustyOnions.Sdk;
using RustyOnions.Sdk.Errors;
using RustyOnions.Sdk.Retry;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;
using RustyOnions.Transport.Tls.Certificates;
using RustyOnions.Transport.Tls.Client;
using RustyOnions.Transport.Tls.Identity;

namespace RustyOnions.Integration.Tests.Overlay;

/// <summary>Peer traffic passes the same guard rails as client traffic: the in-flight gate and (opt-in) quotas.</summary>
public sealed class PeerAdmissionTests
{
    [Fact]
    public async Task Peer_calls_are_refused_with_503_overload_while_the_in_flight_gate_is_full()
    {
        using var dir = new TempDir("ron-peer-gate");
        await using var node = await NodeProcess.StartAsync(dir.Combine("data"), new Dictionary<string, string> { ["RON_MAX_INFLIGHT"] = "1" });
        using var identity = NodeIdentity.CreateEphemeral();
        using var cert = NodeCertificate.Create(identity);
        await using var holder = await RonClient.ConnectAsync(Opts(node, cert));
        await using var caller = await RonClient.ConnectAsync(Opts(node, cert));

        // A store-replica push whose body waits: it holds the only gate place.
        var data = "held in flight"u8.ToArray();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = false;
        var push = holder.PushAsync(OverlayAppIds.StoreReplica, OverlayCodec.EncodeObject(ContentId.Compute(data), data.Length), async (buffer, ct) =>
        {
            await release.Task.WaitAsync(ct);
            if (sent)
            {
                return 0;
            }

            sent = true;
            data.CopyTo(buffer);
            return data.Length;
        }, 65536);

        RonException? overload = null;
        await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    await caller.CallAsync(OverlayAppIds.Ping, Ping(identity.PeerId), 65536);
                    return false;
                }
                catch (RonException e) when (e.Status == 503)
                {
                    overload = e;
                    return true;
                }
            },
            TimeSpan.FromSeconds(30),
            "a peer ping to be refused while the push holds the gate");
        Assert.Equal("OVERLOAD", overload!.Code);
        Assert.True(overload.Retryable);
        Assert.True(overload.RetryAfterMs > 0);

        release.SetResult();
        var stored = OverlayCodec.DecodeObject(await push);
        Assert.Equal(ContentId.Compute(data), stored.Addr);
        Assert.NotEmpty(await caller.CallAsync(OverlayAppIds.Ping, Ping(identity.PeerId), 65536));
    }

    [Fact]
    public async Task Overlay_quota_limits_peer_calls_with_429_and_leaves_other_apps_alone()
    {
        using var dir = new TempDir("ron-peer-quota");
        await using var node = await NodeProcess.StartAsync(dir.Combine("data"), new Dictionary<string, string>
        {
            ["RON_QUOTA_OVERLAY_RPS"] = "0.01",
            ["RON_QUOTA_OVERLAY_BURST"] = "1",
        });
        using var identity = NodeIdentity.CreateEphemeral();
        using var cert = NodeCertificate.Create(identity);
        await using var peer = await RonClient.ConnectAsync(Opts(node, cert));

        Assert.NotEmpty(await peer.CallAsync(OverlayAppIds.Ping, Ping(identity.PeerId), 65536));
        var e = await Assert.ThrowsAsync<RonException>(() => peer.CallAsync(OverlayAppIds.Ping, Ping(identity.PeerId), 65536));

        Assert.Equal(429, e.Status);
        Assert.Equal("OVER_QUOTA", e.Code);
        Assert.True(e.RetryAfterMs > 0);
        Assert.Equal("still fine"u8.ToArray(), await peer.EchoAsync("still fine"u8.ToArray()));
        Assert.NotEmpty(await peer.CallAsync(OverlayAppIds.PeerExchange, OverlayCodec.EncodePeers([new PeerAdvert(identity.PeerId, Address(identity.PeerId))]), 65536));
    }

    private static RonClientOpts Opts(NodeProcess node, System.Security.Cryptography.X509Certificates.X509Certificate2 cert) =>
        new() { Node = node.Address, Tls = new TlsDialOpts { ClientCertificate = cert }, Retry = RonRetryOpts.None };

    private static byte[] Ping(PeerId me) => OverlayCodec.EncodeAdvert(new PeerAdvert(me, Address(me)));

    private static NodeAddress Address(PeerId me) => new(TransportKind.Tls, "127.0.0.1", 1, me);
}
