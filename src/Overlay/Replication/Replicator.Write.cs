using Microsoft.Extensions.Logging;
using RustyOnions.Overlay.Peers;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Replication;

/// <summary>PUT fan-out.</summary>
public sealed partial class Replicator
{
    /// <summary>
    /// Pushes the locally stored <paramref name="addr"/> to its other holders and returns once the
    /// write quorum holds durable copies (this node's copy counts when it is a holder). The quorum is
    /// capped by the number of placeable holders, so a lone node keeps working. Pushes still running
    /// when the quorum is reached finish in the background.
    /// </summary>
    /// <exception cref="QuorumNotReachedException">Too few holders confirmed.</exception>
    public async Task<int> ReplicateAsync(ContentId addr, long size, CancellationToken ct)
    {
        var holders = HoldersOf(addr);
        var self = _table.Self.Peer;
        var copies = holders.Contains(self) ? 1 : 0;
        var quorum = Math.Min(_opts.WriteQuorum, holders.Count);
        var pushes = holders.Where(h => h != self).Select(h => PushAsync(h, addr, size, _lifetime)).ToList();
        var failures = new List<string>();
        while (copies < quorum && pushes.Count > 0)
        {
            var done = await Task.WhenAny(pushes).WaitAsync(ct).ConfigureAwait(false);
            pushes.Remove(done);
            if (await done.ConfigureAwait(false) is { } failure)
            {
                failures.Add(failure);
            }
            else
            {
                copies++;
            }
        }

        return copies >= quorum ? copies : throw new QuorumNotReachedException(addr, copies, quorum, failures.Count > 0 ? string.Join("; ", failures) : "no holders");
    }

    /// <summary>Stores <paramref name="addr"/> on <paramref name="peer"/>; returns null on success, else why it failed.</summary>
    internal async Task<string?> PushAsync(PeerId peer, ContentId addr, long size, CancellationToken ct)
    {
        if (AddressOf(peer) is not { } address)
        {
            return $"{Short(peer)} unknown";
        }

        try
        {
            var link = await _links.GetAsync(address, ct).ConfigureAwait(false);
            var reader = await _store().OpenReadAsync(addr, 0, null, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"object {addr} is not stored locally");
            await using (reader.ConfigureAwait(false))
            {
                var reply = await link.PushAsync(OverlayAppIds.StoreReplica, OverlayCodec.EncodeObject(addr, size), reader.ReadAsync, ct).ConfigureAwait(false);
                var (stored, storedSize) = OverlayCodec.DecodeObject(reply);
                if (stored != addr || storedSize != size)
                {
                    throw new OverlayMessageException($"peer confirmed {stored} ({storedSize} bytes) for {addr} ({size} bytes)");
                }
            }

            _metrics.ReplicaWritten();
            return null;
        }
        catch (Exception e) when (e is PeerLinkException or OverlayMessageException or Store.ContentStoreException or InvalidOperationException or OperationCanceledException or IOException)
        {
            if (e is OverlayMessageException or PeerLinkException { Status: 0 })
            {
                await _links.DropAsync(peer).ConfigureAwait(false);
            }

            LogPushFailed(_log, addr.ToString(), peer.ToString(), e.Message);
            return $"{Short(peer)}: {e.Message}";
        }
    }

    private static string Short(PeerId p) => p.ToString()[..12];

    [LoggerMessage(Level = LogLevel.Information, Message = "replica {Addr} to {Peer} failed: {Reason}")]
    private static partial void LogPushFailed(ILogger log, string addr, string peer, string reason);
}
