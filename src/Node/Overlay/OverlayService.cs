using System.Buffers;
using Microsoft.Extensions.Logging;
using RustyOnions.Node.Hosting;
using RustyOnions.Node.Oap;
using RustyOnions.Overlay.Membership;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Errors;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Overlay;

/// <summary>
/// Serves one overlay app id (ping, peer exchange, have, store replica, fetch) to authenticated
/// peers only: the caller must have presented a node certificate with a valid identity extension.
/// A malformed or oversized message is refused with 400, counted against the peer, and closes that link (only that one).
/// </summary>
public sealed partial class OverlayService : IOapService
{
    private readonly OverlayHolder _overlay;
    private readonly NodeStores _stores;
    private readonly ILogger _log;

    /// <summary>Created by the host, one per overlay app id.</summary>
    public OverlayService(ushort appId, OverlayHolder overlay, NodeStores stores, ILogger log)
    {
        AppId = appId;
        _overlay = overlay;
        _stores = stores;
        _log = log;
    }

    /// <inheritdoc />
    public ushort AppId { get; }

    /// <inheritdoc />
    public string Name => OverlayAppIds.NameOf(AppId);

    /// <inheritdoc />
    public async ValueTask HandleAsync(OapRequest request, OapConnectionInfo connection, CancellationToken ct)
    {
        if (connection.RemotePeer is null || !PeerId.TryParse(connection.RemotePeer, out var remote))
        {
            throw new OapServiceException(OapStatus.Forbidden, OapErrorCode.Forbidden, "overlay calls need a peer certificate with a valid identity extension");
        }

        var overlay = _overlay.Required;
        try
        {
            switch (AppId)
            {
                case OverlayAppIds.Ping:
                    await request.Responder.ReplyAsync(MembershipResponder.Ping(overlay.Table, remote, request.Head.Span, DateTimeOffset.UtcNow), ct).ConfigureAwait(false);
                    break;
                case OverlayAppIds.PeerExchange:
                    await request.Responder.ReplyAsync(MembershipResponder.Exchange(overlay.Table, remote, request.Head.Span, Random.Shared), ct).ConfigureAwait(false);
                    break;
                case OverlayAppIds.Have:
                    var addrs = OverlayCodec.DecodeHave(request.Head.Span);
                    await request.Responder.ReplyAsync(OverlayCodec.EncodeHaveReply(addrs.Select(_stores.Content.Contains).ToList()), ct).ConfigureAwait(false);
                    break;
                case OverlayAppIds.StoreReplica:
                    await StoreAsync(request, ct).ConfigureAwait(false);
                    break;
                case OverlayAppIds.Fetch:
                    await FetchAsync(request, overlay, ct).ConfigureAwait(false);
                    break;
                default:
                    throw OapServiceException.NotFound($"unknown overlay app id 0x{AppId:x4}");
            }
        }
        catch (PeerImpersonationException e)
        {
            throw new OapServiceException(OapStatus.Forbidden, OapErrorCode.Forbidden, e.Message);
        }
        catch (OverlayMessageException e)
        {
            // Only this link is closed: the peer's other links and every other peer carry on.
            LogMalformed(_log, remote.ToString(), Name, e.Message);
            overlay.OnViolation(remote);
            throw new OapServiceException(OapStatus.BadRequest, OapErrorCode.BadRequest, e.Message) { CloseConnection = true };
        }
    }

    private async ValueTask StoreAsync(OapRequest request, CancellationToken ct)
    {
        var (addr, size) = OverlayCodec.DecodeObject(request.Head.Span);
        var writer = await _stores.Content.BeginWriteAsync(addr, size, ct).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            PutResult result;
            try
            {
                await foreach (var chunk in request.ReadBodyAsync(ct).ConfigureAwait(false))
                {
                    try
                    {
                        await writer.WriteAsync(chunk.Memory, ct).ConfigureAwait(false);
                    }
                    finally
                    {
                        chunk.Return();
                    }
                }

                result = await writer.CommitAsync(ct).ConfigureAwait(false);
            }
            catch (ContentStoreException e)
            {
                throw OapServiceException.BadRequest($"replica {addr} refused: {e.Message}; nothing was stored");
            }

            await request.Responder.ReplyAsync(OverlayCodec.EncodeObject(result.Addr, result.Size), ct).ConfigureAwait(false);
        }
    }

    private async ValueTask FetchAsync(OapRequest request, OverlayRuntime overlay, CancellationToken ct)
    {
        var (addr, _) = OverlayCodec.DecodeObject(request.Head.Span);
        var reader = await _stores.Content.OpenReadAsync(addr, 0, null, ct).ConfigureAwait(false)
            ?? throw OapServiceException.NotFound($"object {addr} not held here");
        await using (reader.ConfigureAwait(false))
        {
            var chunkSize = Math.Min(64 * 1024, request.Responder.MaxPayload);
            var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
            try
            {
                long sent = 0;
                do
                {
                    int filled;
                    try
                    {
                        filled = await reader.ReadAsync(buffer.AsMemory(0, (int)Math.Min(chunkSize, reader.Length - sent)), ct).ConfigureAwait(false);
                    }
                    catch (CorruptObjectException e)
                    {
                        // Our replica is bad: never send it, and repair it in the background.
                        _ = Task.Run(() => overlay.Replicator.RepairAsync(addr, CancellationToken.None), CancellationToken.None);
                        throw new OapServiceException(OapStatus.Internal, OapErrorCode.Corrupt, $"replica {addr} failed verification at offset {e.Offset}; repairing", retryable: true);
                    }

                    if (filled == 0 && sent < reader.Length)
                    {
                        throw new OapServiceException($"object ended after {sent} of {reader.Length} bytes");
                    }

                    sent += filled;
                    await request.Responder.SendAsync(buffer.AsMemory(0, filled), last: sent >= reader.Length, ct).ConfigureAwait(false);
                }
                while (sent < reader.Length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "peer {Peer} sent a malformed {App} message: {Reason}; closing that link")]
    private static partial void LogMalformed(ILogger log, string peer, string app, string reason);
}
