using System.Collections.Concurrent;
using RustyOnions.Overlay.Peers;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Simulation;

/// <summary>
/// An in-memory stand-in for the TLS peer transport: a link is a direct call into the other peer's
/// handler, identities are taken as proven, and a peer can be taken off the network. Used by the
/// simulation so the real <see cref="PeerLinkPool"/> and membership code run without sockets.
/// </summary>
public sealed class MemoryTransport
{
    private readonly ConcurrentDictionary<PeerId, Func<PeerId, ushort, ReadOnlyMemory<byte>, byte[]>> _handlers = new();
    private readonly ConcurrentDictionary<PeerId, bool> _down = new();
    private long _calls;

    /// <summary>Calls delivered so far (every app id).</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Registers <paramref name="peer"/>'s one-frame call handler (caller, app id, head → reply).</summary>
    public void Listen(PeerId peer, Func<PeerId, ushort, ReadOnlyMemory<byte>, byte[]> handler) => _handlers[peer] = handler;

    /// <summary>Takes <paramref name="peer"/> off the network (its links fail, dials to it fail) or puts it back.</summary>
    public void SetDown(PeerId peer, bool down)
    {
        if (down)
        {
            _down[peer] = true;
        }
        else
        {
            _down.TryRemove(peer, out _);
        }
    }

    /// <summary>A dialer for <paramref name="self"/>'s links.</summary>
    public IPeerDialer DialerFor(PeerId self) => new Dialer(this, self);

    private Func<PeerId, ushort, ReadOnlyMemory<byte>, byte[]> Reach(PeerId from, PeerId to) =>
        !_down.ContainsKey(from) && !_down.ContainsKey(to) && _handlers.TryGetValue(to, out var h) ? h : throw new PeerLinkException($"peer {to} unreachable");

    private sealed class Dialer(MemoryTransport net, PeerId self) : IPeerDialer
    {
        public Task<IPeerLink> DialAsync(NodeAddress address, CancellationToken ct)
        {
            var to = address.PeerId ?? throw new PeerLinkException($"memory address {address} needs a PeerId pin");
            try
            {
                net.Reach(self, to);
            }
            catch (PeerLinkException e)
            {
                return Task.FromException<IPeerLink>(e);
            }

            return Task.FromResult<IPeerLink>(new Link(net, self, to));
        }
    }

    private sealed class Link(MemoryTransport net, PeerId from, PeerId to) : IPeerLink
    {
        public PeerId Remote => to;

        public bool IsClosed => net._down.ContainsKey(from) || net._down.ContainsKey(to);

        public Task<byte[]> CallAsync(ushort appId, ReadOnlyMemory<byte> head, int replyLimit, CancellationToken ct)
        {
            try
            {
                var reply = net.Reach(from, to)(from, appId, head);
                Interlocked.Increment(ref net._calls);
                return reply.Length > replyLimit
                    ? Task.FromException<byte[]>(new PeerLinkException($"reply of {reply.Length} bytes exceeds {replyLimit}"))
                    : Task.FromResult(reply);
            }
            catch (PeerLinkException e)
            {
                return Task.FromException<byte[]>(e);
            }
        }

        public Task<byte[]> PushAsync(ushort appId, ReadOnlyMemory<byte> head, Func<Memory<byte>, CancellationToken, ValueTask<int>> read, CancellationToken ct) =>
            Task.FromException<byte[]>(new PeerLinkException(501, "NOT_IMPLEMENTED", "the simulation transport carries one-frame calls only"));

        public Task PullAsync(ushort appId, ReadOnlyMemory<byte> head, Func<ReadOnlyMemory<byte>, ValueTask> sink, CancellationToken ct) =>
            Task.FromException(new PeerLinkException(501, "NOT_IMPLEMENTED", "the simulation transport carries one-frame calls only"));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
