using System.Collections.Concurrent;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Transport.Tls.Tests.Support;

/// <summary>What the server's connection handler saw: one entry per connection that reached it.</summary>
internal sealed class ServerLog
{
    private readonly ConcurrentQueue<PeerId?> _peers = new();

    internal int Connections => _peers.Count;

    internal IReadOnlyList<PeerId?> Peers => [.. _peers];

    internal void Record(PeerId? peer) => _peers.Enqueue(peer);
}
