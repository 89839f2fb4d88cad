using System.Collections.Concurrent;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Peers;

/// <summary>One live link per peer, dialled on demand and replaced when it fails.</summary>
public sealed class PeerLinkPool : IAsyncDisposable
{
    private readonly IPeerDialer _dialer;
    private readonly ConcurrentDictionary<PeerId, Lazy<Task<IPeerLink>>> _links = new();

    /// <summary>Creates a pool over <paramref name="dialer"/>.</summary>
    public PeerLinkPool(IPeerDialer dialer) => _dialer = dialer;

    /// <summary>The link to <paramref name="address"/>'s (pinned) peer, dialling when there is none.</summary>
    public async Task<IPeerLink> GetAsync(NodeAddress address, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(address);
        var peer = address.PeerId ?? throw new ArgumentException($"address {address} has no PeerId pin", nameof(address));
        while (true)
        {
            var lazy = _links.GetOrAdd(peer, _ => new Lazy<Task<IPeerLink>>(() => _dialer.DialAsync(address, CancellationToken.None)));
            IPeerLink link;
            try
            {
                link = await lazy.Value.WaitAsync(ct).ConfigureAwait(false);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                _links.TryRemove(new KeyValuePair<PeerId, Lazy<Task<IPeerLink>>>(peer, lazy));
                throw;
            }

            if (!link.IsClosed)
            {
                return link;
            }

            if (_links.TryRemove(new KeyValuePair<PeerId, Lazy<Task<IPeerLink>>>(peer, lazy)))
            {
                await link.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Closes and forgets the link to <paramref name="peer"/> (after a failure or a protocol violation).</summary>
    public async Task DropAsync(PeerId peer)
    {
        if (_links.TryRemove(peer, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
        {
            await lazy.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var peer in _links.Keys.ToList())
        {
            await DropAsync(peer).ConfigureAwait(false);
        }
    }
}
