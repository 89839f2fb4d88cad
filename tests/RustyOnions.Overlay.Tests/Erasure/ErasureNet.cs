using Microsoft.Extensions.Logging.Abstractions;
using RustyOnions.Overlay.Erasure;
using RustyOnions.Overlay.Peers;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Overlay.Replication;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Tests.Erasure;

/// <summary>
/// N in-process peers, each with its own shard store, manifest store and erasure context, linked by an
/// in-memory transport that serves the erasure app ids the way the node does. Peers can be cut off or
/// made to lie.
/// </summary>
internal sealed class ErasureNet
{
    private readonly HashSet<PeerId> _down = [];

    public ErasureNet(int count, ErasureOpts opts, int seed = 1)
    {
        var rng = new Random(seed);
        var ids = Enumerable.Range(0, count).Select(_ =>
        {
            var b = new byte[32];
            rng.NextBytes(b);
            return PeerId.FromBytes(b);
        }).ToList();
        foreach (var id in ids)
        {
            var table = new PeerTable(Advert(id));
            var shards = new MemoryContentStore();
            var metrics = new CountingErasureMetrics();
            var ctx = new ErasureContext(table, new PeerLinkPool(new Dialer(this)), shards, ManifestStore.Open(null), opts, new ReplicationOpts(), metrics, NullLogger.Instance);
            Peers.Add(new Peer(id, ctx, shards, metrics));
        }

        foreach (var p in Peers)
        {
            foreach (var q in Peers.Where(q => q.Id != p.Id))
            {
                p.Ctx.Table.MarkAlive(Advert(q.Id), null, DateTimeOffset.UtcNow);
            }
        }
    }

    public List<Peer> Peers { get; } = [];

    /// <summary>Shard ids a peer answers with flipped bytes.</summary>
    public HashSet<PeerId> Liars { get; } = [];

    public Peer this[int i] => Peers[i];

    public void SetDown(int i, bool down)
    {
        if (down)
        {
            _down.Add(Peers[i].Id);
        }
        else
        {
            _down.Remove(Peers[i].Id);
        }
    }

    public static PeerAdvert Advert(PeerId id) => new(id, new NodeAddress(TransportKind.Tls, "mem", 1, id));

    public async Task<ObjectManifest> PutAsync(int via, byte[] data, int chunk = 100_000)
    {
        var w = new ErasureObjectWriter(Peers[via].Ctx);
        await using (w)
        {
            for (var at = 0; at < data.Length; at += chunk)
            {
                await w.WriteAsync(data.AsMemory(at, Math.Min(chunk, data.Length - at)), default);
            }

            return await w.CompleteAsync(null, default);
        }
    }

    public async Task<byte[]> GetAsync(int via, ContentId addr, long offset = 0, long? length = null)
    {
        var ctx = Peers[via].Ctx;
        var m = await ctx.FindManifestAsync(addr, default) ?? throw new InvalidOperationException($"no manifest for {addr}");
        using var ms = new MemoryStream();
        await foreach (var block in new ErasureObjectReader(ctx, m).ReadAsync(offset, length ?? (m.Size - offset), default))
        {
            ms.Write(block.Span);
        }

        return ms.ToArray();
    }

    private Peer Reach(PeerId id) => !_down.Contains(id) ? Peers.Single(p => p.Id == id) : throw new PeerLinkException($"peer {id} unreachable", null);

    internal sealed record Peer(PeerId Id, ErasureContext Ctx, MemoryContentStore Shards, CountingErasureMetrics Metrics);

    private sealed class Dialer(ErasureNet net) : IPeerDialer
    {
        public Task<IPeerLink> DialAsync(NodeAddress address, CancellationToken ct)
        {
            var target = net.Reach(address.PeerId!.Value);
            return Task.FromResult<IPeerLink>(new Link(net, target.Id));
        }
    }

    private sealed class Link(ErasureNet net, PeerId to) : IPeerLink
    {
        public PeerId Remote => to;

        public bool IsClosed => net._down.Contains(to);

        public Task<byte[]> CallAsync(ushort appId, ReadOnlyMemory<byte> head, int replyLimit, CancellationToken ct)
        {
            var p = net.Reach(to);
            return appId == ErasureAppIds.ShardHave
                ? Task.FromResult(OverlayCodec.EncodeHaveReply(OverlayCodec.DecodeHave(head.Span).Select(p.Shards.Contains).ToList()))
                : throw new PeerLinkException(404, "NOT_FOUND", $"app 0x{appId:x4}");
        }

        public async Task<byte[]> PushAsync(ushort appId, ReadOnlyMemory<byte> head, Func<Memory<byte>, CancellationToken, ValueTask<int>> read, CancellationToken ct)
        {
            var p = net.Reach(to);
            var (addr, size) = OverlayCodec.DecodeObject(head.Span);
            using var body = new MemoryStream();
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = await read(buffer, ct)) > 0)
            {
                body.Write(buffer, 0, n);
            }

            if (appId == ErasureAppIds.ManifestStore)
            {
                await p.Ctx.Manifests.PutAsync(ObjectManifest.Decode(body.ToArray()), ct);
                return OverlayCodec.EncodeObject(addr, size);
            }

            var w = await p.Shards.BeginWriteAsync(addr, size, ct);
            await using (w)
            {
                await w.WriteAsync(body.ToArray(), ct);
                var r = await w.CommitAsync(ct);
                if (!r.AlreadyExisted)
                {
                    p.Metrics.ShardStored(r.Size);
                }

                return OverlayCodec.EncodeObject(r.Addr, r.Size);
            }
        }

        public async Task PullAsync(ushort appId, ReadOnlyMemory<byte> head, Func<ReadOnlyMemory<byte>, ValueTask> sink, CancellationToken ct)
        {
            var p = net.Reach(to);
            var (addr, _) = OverlayCodec.DecodeObject(head.Span);
            if (appId == ErasureAppIds.ManifestFetch)
            {
                var m = await p.Ctx.Manifests.GetAsync(addr, ct) ?? throw new PeerLinkException(404, "NOT_FOUND", "no manifest");
                await sink(m.Encode());
                return;
            }

            try
            {
                var reader = await p.Shards.OpenReadAsync(addr, 0, null, ct) ?? throw new PeerLinkException(404, "NOT_FOUND", $"{addr} not here");
                await using (reader)
                {
                    using var ms = new MemoryStream();
                    await reader.CopyToAsync(ms, ct);
                    var bytes = ms.ToArray();
                    if (net.Liars.Contains(to) && bytes.Length > 0)
                    {
                        bytes[0] ^= 0xFF;
                    }

                    await sink(bytes);
                }
            }
            catch (CorruptObjectException e)
            {
                throw new PeerLinkException(500, "CORRUPT", e.Message);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
