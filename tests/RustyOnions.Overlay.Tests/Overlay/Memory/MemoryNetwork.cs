using RustyOnions.Overlay.Peers;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Tests.Overlay.Memory;

/// <summary>An in-memory transport: links are direct calls into the other peer; a peer can be cut off.</summary>
internal sealed class MemoryNetwork
{
    private readonly Dictionary<PeerId, MemoryPeer> _peers = [];
    private readonly HashSet<PeerId> _down = [];

    public MemoryPeer Add(PeerId id, Replication.ReplicationOpts? opts = null)
    {
        var p = new MemoryPeer(this, id, opts);
        _peers[id] = p;
        return p;
    }

    public void SetDown(PeerId id, bool down)
    {
        if (down)
        {
            _down.Add(id);
        }
        else
        {
            _down.Remove(id);
        }
    }

    public IPeerDialer DialerFor(MemoryPeer from) => new Dialer(this, from);

    internal MemoryPeer Reach(PeerId id) =>
        !_down.Contains(id) && _peers.TryGetValue(id, out var p) ? p : throw new PeerLinkException($"peer {id} unreachable");

    private sealed class Dialer(MemoryNetwork net, MemoryPeer from) : IPeerDialer
    {
        public Task<IPeerLink> DialAsync(NodeAddress address, CancellationToken ct)
        {
            var target = net.Reach(address.PeerId ?? throw new PeerLinkException("memory addresses need a pin"));
            return Task.FromResult<IPeerLink>(new Link(net, from.Id, target.Id));
        }
    }

    private sealed class Link(MemoryNetwork net, PeerId from, PeerId to) : IPeerLink
    {
        public PeerId Remote => to;

        public bool IsClosed => net._down.Contains(to) || net._down.Contains(from);

        public Task<byte[]> CallAsync(ushort appId, ReadOnlyMemory<byte> head, int replyLimit, CancellationToken ct) => net.Reach(to).HandleCallAsync(from, appId, head);

        public Task<byte[]> PushAsync(ushort appId, ReadOnlyMemory<byte> head, Func<Memory<byte>, CancellationToken, ValueTask<int>> read, CancellationToken ct) => net.Reach(to).HandlePushAsync(head, read);

        public Task PullAsync(ushort appId, ReadOnlyMemory<byte> head, Func<ReadOnlyMemory<byte>, ValueTask> sink, CancellationToken ct) => net.Reach(to).HandlePullAsync(head, sink);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
