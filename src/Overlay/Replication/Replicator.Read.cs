using Microsoft.Extensions.Logging;
using RustyOnions.Overlay.Peers;
using RustyOnions.Overlay.Placement;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Replication;

/// <summary>GET fallback and repair.</summary>
public sealed partial class Replicator
{
    /// <summary>
    /// Fetches <paramref name="addr"/> from peers in rendezvous order (holders first) into the local
    /// store. Every byte is verified by the store's writer against the address before it is kept; a
    /// peer that sends wrong bytes is penalised and the next one is tried. Returns false when no peer
    /// produced a verified copy.
    /// </summary>
    public async Task<bool> FetchAsync(ContentId addr, CancellationToken ct)
    {
        var self = _table.Self.Peer;
        var candidates = Rendezvous.Rank(addr, _table.Placeable()).Where(p => p != self).Take(_opts.MaxFetchAttempts);
        foreach (var peer in candidates)
        {
            if (await TryFetchFromAsync(peer, addr, ct).ConfigureAwait(false))
            {
                _metrics.ReplicaFetched();
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Replaces a local replica that failed verification: counts it, deletes it, and fetches a
    /// verified copy from the other holders. Returns true when the replica is good again.
    /// </summary>
    public async Task<bool> RepairAsync(ContentId addr, CancellationToken ct)
    {
        _metrics.CorruptReplica();

        // Delete the bad copy only once a peer says it holds a good one: a lone replica, even corrupt,
        // is evidence an operator may still want.
        var self = _table.Self.Peer;
        var holder = false;
        foreach (var peer in Rendezvous.Rank(addr, _table.Placeable()).Where(p => p != self).Take(_opts.MaxFetchAttempts))
        {
            if (await HasAsync(peer, addr, ct).ConfigureAwait(false) == true)
            {
                holder = true;
                break;
            }
        }

        if (!holder)
        {
            return false;
        }

        await _store().DeleteAsync(addr, ct).ConfigureAwait(false);
        if (await FetchAsync(addr, ct).ConfigureAwait(false))
        {
            _metrics.ReplicaRepaired();
            LogRepaired(_log, addr.ToString());
            return true;
        }

        return false;
    }

    private async Task<bool> TryFetchFromAsync(Proto.Addressing.PeerId peer, ContentId addr, CancellationToken ct)
    {
        if (AddressOf(peer) is not { } address)
        {
            return false;
        }

        try
        {
            var link = await _links.GetAsync(address, ct).ConfigureAwait(false);
            var writer = await _store().BeginWriteAsync(addr, null, ct).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                await link.PullAsync(OverlayAppIds.Fetch, OverlayCodec.EncodeObject(addr, null), chunk => writer.WriteAsync(chunk, ct), ct).ConfigureAwait(false);
                await writer.CommitAsync(ct).ConfigureAwait(false);
                return true;
            }
        }
        catch (AddressMismatchException e)
        {
            // Wrong bytes: never kept, never trusted again.
            _metrics.WrongBytesFromPeer();
            var banned = _table.Penalise(peer);
            await _links.DropAsync(peer).ConfigureAwait(false);
            LogWrongBytes(_log, peer.ToString(), addr.ToString(), e.Actual.ToString(), banned);
            return false;
        }
        catch (Exception e) when (e is PeerLinkException or ContentStoreException or OverlayMessageException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            if (e is not PeerLinkException { IsNotFound: true })
            {
                LogFetchFailed(_log, addr.ToString(), peer.ToString(), e.Message);
            }

            if (e is PeerLinkException { Status: 0 } or OverlayMessageException)
            {
                await _links.DropAsync(peer).ConfigureAwait(false);
            }

            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "peer {Peer} served wrong bytes for {Addr} (they hash to {Actual}); penalised, banned={Banned}")]
    private static partial void LogWrongBytes(ILogger log, string peer, string addr, string actual, bool banned);

    [LoggerMessage(Level = LogLevel.Information, Message = "fetch {Addr} from {Peer} failed: {Reason}")]
    private static partial void LogFetchFailed(ILogger log, string addr, string peer, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "corrupt replica {Addr} repaired from a verified holder")]
    private static partial void LogRepaired(ILogger log, string addr);
}
