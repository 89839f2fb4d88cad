using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Peers;

/// <summary>
/// An authenticated OAP/1 connection to one peer (both sides proved their PeerId). Calls are
/// multiplexed; a failed link reports <see cref="IsClosed"/> and is dialled again.
/// </summary>
public interface IPeerLink : IAsyncDisposable
{
    /// <summary>The proven identity of the other side.</summary>
    PeerId Remote { get; }

    /// <summary>True once the link failed or was closed.</summary>
    bool IsClosed { get; }

    /// <summary>One-frame request, whole one-frame reply (at most <paramref name="replyLimit"/> bytes).</summary>
    /// <exception cref="PeerLinkException">The peer answered with an error or the link failed.</exception>
    Task<byte[]> CallAsync(ushort appId, ReadOnlyMemory<byte> head, int replyLimit, CancellationToken ct);

    /// <summary>Streams a request body produced by <paramref name="read"/> (0 = end) after <paramref name="head"/>.</summary>
    /// <exception cref="PeerLinkException">The peer answered with an error or the link failed.</exception>
    Task<byte[]> PushAsync(ushort appId, ReadOnlyMemory<byte> head, Func<Memory<byte>, CancellationToken, ValueTask<int>> read, CancellationToken ct);

    /// <summary>Sends <paramref name="head"/> and passes each reply payload to <paramref name="sink"/> until the reply ends.</summary>
    /// <exception cref="PeerLinkException">The peer answered with an error or the link failed.</exception>
    Task PullAsync(ushort appId, ReadOnlyMemory<byte> head, Func<ReadOnlyMemory<byte>, ValueTask> sink, CancellationToken ct);
}
