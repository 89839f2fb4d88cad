using Microsoft.Extensions.Logging.Abstractions;
using RustyOnions.Overlay.Peers;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Overlay.Replication;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Tests.Overlay.Memory;

/// <summary>An in-process overlay peer: a peer table, a memory store, and the overlay handlers the node serves.</summary>
internal sealed class MemoryPeer
{
    public MemoryPeer(MemoryNetwork network, PeerId id, ReplicationOpts? opts = null)
    {
        Network = network;
        Id = id;
        Table = new PeerTable(new PeerAdvert(id, new NodeAddress(TransportKind.Tls, "mem", 1, id)));
        Links = new PeerLinkPool(network.DialerFor(this));
        Replicator = new Replicator(Table, Links, () => Store, opts ?? new ReplicationOpts(), Metrics, NullLogger.Instance, CancellationToken.None);
    }

    public MemoryNetwork Network { get; }

    public PeerId Id { get; }

    public PeerTable Table { get; }

    public PeerLinkPool Links { get; }

    public MemoryContentStore Store { get; } = new();

    public Replicator Replicator { get; }

    public CountingMetrics Metrics { get; } = new();

    /// <summary>When set, fetches are answered with these bytes instead of the stored ones.</summary>
    public byte[]? Lie { get; set; }

    public async Task<ContentId> PutLocalAsync(byte[] data)
    {
        var w = await Store.BeginWriteAsync(null, data.Length, default);
        await using (w)
        {
            await w.WriteAsync(data, default);
            return (await w.CommitAsync(default)).Addr;
        }
    }

    public async Task<byte[]> HandleCallAsync(PeerId from, ushort app, ReadOnlyMemory<byte> head)
    {
        switch (app)
        {
            case OverlayAppIds.Ping:
                Table.MarkAlive(OverlayCodec.DecodeAdvert(head.Span), null, DateTimeOffset.UtcNow);
                return OverlayCodec.EncodeAdvert(Table.Self);
            case OverlayAppIds.PeerExchange:
                foreach (var p in OverlayCodec.DecodePeers(head.Span))
                {
                    Table.Learn(p);
                }

                return OverlayCodec.EncodePeers(Table.Snapshot().Where(p => p.Peer != from && p.State != PeerState.Dead).Take(OverlayCodec.MaxPeers - 1).Select(p => new PeerAdvert(p.Peer, p.Address)).Prepend(Table.Self).ToList());
            case OverlayAppIds.Have:
                return OverlayCodec.EncodeHaveReply(OverlayCodec.DecodeHave(head.Span).Select(Store.Contains).ToList());
            default:
                throw new PeerLinkException(404, "NOT_FOUND", $"app 0x{app:x4}");
        }
    }

    public async Task<byte[]> HandlePushAsync(ReadOnlyMemory<byte> head, Func<Memory<byte>, CancellationToken, ValueTask<int>> read)
    {
        var (addr, size) = OverlayCodec.DecodeObject(head.Span);
        var w = await Store.BeginWriteAsync(addr, size, default);
        await using (w)
        {
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = await read(buffer, default)) > 0)
            {
                await w.WriteAsync(buffer.AsMemory(0, n), default);
            }

            var r = await w.CommitAsync(default);
            return OverlayCodec.EncodeObject(r.Addr, r.Size);
        }
    }

    public async Task HandlePullAsync(ReadOnlyMemory<byte> head, Func<ReadOnlyMemory<byte>, ValueTask> sink)
    {
        var (addr, _) = OverlayCodec.DecodeObject(head.Span);
        if (Lie is { } lie)
        {
            await sink(lie);
            return;
        }

        var reader = await Store.OpenReadAsync(addr, 0, null, default) ?? throw new PeerLinkException(404, "NOT_FOUND", $"{addr} not here");
        await using (reader)
        {
            using var ms = new MemoryStream();
            await reader.CopyToAsync(ms, default);
            await sink(ms.ToArray());
        }
    }
}
