using Microsoft.Extensions.Logging;
using RustyOnions.Overlay.Peers;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Replication;

/// <summary>Background migration after membership changes.</summary>
public sealed partial class Replicator
{
    /// <summary>
    /// Whenever the peer table's placeable set changes (a peer joins, leaves, heals from a partition),
    /// walks the local objects and pushes each to those of its current holders that lack it, within
    /// <see cref="ReplicationOpts.MigrationBytesPerSecond"/>. Local copies are kept (they still serve reads).
    /// </summary>
    public async Task RunMigrationAsync(TimeProvider time, TimeSpan checkEvery, CancellationToken ct)
    {
        long seen = -1;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(checkEvery, time, ct).ConfigureAwait(false);
                var version = _table.Version;
                if (version != seen)
                {
                    seen = version;
                    await MigrateOnceAsync(time, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed pass must not stop migration; the next change retries
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogMigrationFailed(_log, e);
                seen = -1;
            }
        }
    }

    /// <summary>One migration pass over every local object; returns the number of replicas pushed.</summary>
    public async Task<int> MigrateOnceAsync(TimeProvider time, CancellationToken ct)
    {
        var store = _store();
        var objects = new List<ContentId>();
        await foreach (var id in store.ListAsync(ct).ConfigureAwait(false))
        {
            objects.Add(id);
        }

        var self = _table.Self.Peer;
        var pushed = 0;
        var backlog = (long)objects.Count;
        _metrics.MigrationBacklog(backlog);
        var windowStart = time.GetTimestamp();
        long windowBytes = 0;
        foreach (var addr in objects)
        {
            foreach (var holder in HoldersOf(addr))
            {
                if (holder == self || await HasAsync(holder, addr, ct).ConfigureAwait(false) != false)
                {
                    continue;
                }

                var info = await store.StatAsync(addr, ct).ConfigureAwait(false);
                if (info is not { } i)
                {
                    break;
                }

                if (await PushAsync(holder, addr, i.Size, ct).ConfigureAwait(false) is null)
                {
                    pushed++;
                    _metrics.Migrated();
                    windowBytes += i.Size;
                    var due = TimeSpan.FromSeconds((double)windowBytes / _opts.MigrationBytesPerSecond) - time.GetElapsedTime(windowStart);
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due, time, ct).ConfigureAwait(false);
                    }
                }
            }

            _metrics.MigrationBacklog(--backlog);
        }

        return pushed;
    }

    /// <summary>Whether <paramref name="peer"/> holds <paramref name="addr"/>; null when it could not be asked.</summary>
    private async Task<bool?> HasAsync(PeerId peer, ContentId addr, CancellationToken ct)
    {
        if (AddressOf(peer) is not { } address)
        {
            return null;
        }

        try
        {
            var link = await _links.GetAsync(address, ct).ConfigureAwait(false);
            var reply = OverlayCodec.DecodeHaveReply(await link.CallAsync(OverlayAppIds.Have, OverlayCodec.EncodeHave([addr]), OverlayCodec.MaxMessageBytes, ct).ConfigureAwait(false));
            return reply.Count == 1 ? reply[0] : throw new OverlayMessageException($"have reply has {reply.Count} flags for 1 address");
        }
        catch (Exception e) when (e is PeerLinkException or OverlayMessageException)
        {
            await _links.DropAsync(peer).ConfigureAwait(false);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "migration pass failed; retrying at the next change")]
    private static partial void LogMigrationFailed(ILogger log, Exception e);
}
