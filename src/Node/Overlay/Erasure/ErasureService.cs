using System.Buffers;
using Microsoft.Extensions.Logging;
using RustyOnions.Node.Oap;
using RustyOnions.Overlay.Erasure;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Errors;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Overlay.Erasure;

/// <summary>
/// Serves one erasure app id (shard have/store/fetch, manifest fetch/store) to authenticated peers
/// only, from this node's shard and manifest stores. Shards are verified against their id before they
/// become visible and on every read; a shard that fails is never sent.
/// </summary>
public sealed partial class ErasureService : IOapService
{
    private readonly ErasureHolder _erasure;
    private readonly ILogger _log;

    /// <summary>Created by the host, one per erasure app id.</summary>
    public ErasureService(ushort appId, ErasureHolder erasure, ILogger log)
    {
        AppId = appId;
        _erasure = erasure;
        _log = log;
    }

    /// <inheritdoc />
    public ushort AppId { get; }

    /// <inheritdoc />
    public string Name => ErasureAppIds.NameOf(AppId);

    /// <inheritdoc />
    public async ValueTask HandleAsync(OapRequest request, OapConnectionInfo connection, CancellationToken ct)
    {
        if (connection.RemotePeer is null || !PeerId.TryParse(connection.RemotePeer, out var remote))
        {
            throw new OapServiceException(OapStatus.Forbidden, OapErrorCode.Forbidden, "erasure calls need a peer certificate with a valid identity extension");
        }

        var ctx = _erasure.Required.Context;
        try
        {
            switch (AppId)
            {
                case ErasureAppIds.ShardHave:
                    var ids = OverlayCodec.DecodeHave(request.Head.Span);
                    await request.Responder.ReplyAsync(OverlayCodec.EncodeHaveReply(ids.Select(ctx.Shards.Contains).ToList()), ct).ConfigureAwait(false);
                    break;
                case ErasureAppIds.ShardStore:
                    await StoreShardAsync(request, ctx, ct).ConfigureAwait(false);
                    break;
                case ErasureAppIds.ShardFetch:
                    await FetchShardAsync(request, ctx, ct).ConfigureAwait(false);
                    break;
                case ErasureAppIds.ManifestFetch:
                    var (obj, _) = OverlayCodec.DecodeObject(request.Head.Span);
                    var manifest = await ctx.Manifests.GetAsync(obj, ct).ConfigureAwait(false) ?? throw OapServiceException.NotFound($"no manifest for {obj} here");
                    await request.Responder.ReplyAsync(manifest.Encode(), ct).ConfigureAwait(false);
                    break;
                case ErasureAppIds.ManifestStore:
                    await StoreManifestAsync(request, ctx, ct).ConfigureAwait(false);
                    break;
                default:
                    throw OapServiceException.NotFound($"unknown erasure app id 0x{AppId:x4}");
            }
        }
        catch (Exception e) when (e is OverlayMessageException or ManifestFormatException)
        {
            LogMalformed(_log, remote.ToString(), Name, e.Message);
            throw OapServiceException.BadRequest(e.Message);
        }
    }

    private static async ValueTask StoreShardAsync(OapRequest request, ErasureContext ctx, CancellationToken ct)
    {
        var (addr, size) = OverlayCodec.DecodeObject(request.Head.Span);
        var writer = await ctx.Shards.BeginWriteAsync(addr, size, ct).ConfigureAwait(false);
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
                throw OapServiceException.BadRequest($"shard {addr} refused: {e.Message}; nothing was stored");
            }

            if (!result.AlreadyExisted)
            {
                ctx.Metrics.ShardStored(result.Size);
            }

            await request.Responder.ReplyAsync(OverlayCodec.EncodeObject(result.Addr, result.Size), ct).ConfigureAwait(false);
        }
    }

    private static async ValueTask FetchShardAsync(OapRequest request, ErasureContext ctx, CancellationToken ct)
    {
        var (addr, _) = OverlayCodec.DecodeObject(request.Head.Span);
        ContentReader? reader;
        try
        {
            reader = await ctx.Shards.OpenReadAsync(addr, 0, null, ct).ConfigureAwait(false);
        }
        catch (CorruptObjectException e)
        {
            ctx.Metrics.ShardCorrupt();
            throw new OapServiceException(OapStatus.Internal, OapErrorCode.Corrupt, $"shard {addr} failed verification at offset {e.Offset}; a scrub removes it and repair regenerates it", retryable: true);
        }

        if (reader is null)
        {
            throw OapServiceException.NotFound($"shard {addr} not held here");
        }

        await using (reader.ConfigureAwait(false))
        {
            var chunkSize = Math.Min(256 * 1024, request.Responder.MaxPayload);
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
                        ctx.Metrics.ShardCorrupt();
                        throw new OapServiceException(OapStatus.Internal, OapErrorCode.Corrupt, $"shard {addr} failed verification at offset {e.Offset}; a scrub removes it and repair regenerates it", retryable: true);
                    }

                    if (filled == 0 && sent < reader.Length)
                    {
                        throw new OapServiceException($"shard ended after {sent} of {reader.Length} bytes");
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

    private static async ValueTask StoreManifestAsync(OapRequest request, ErasureContext ctx, CancellationToken ct)
    {
        var (obj, size) = OverlayCodec.DecodeObject(request.Head.Span);
        if (size is not { } n || n < 1 || n > ObjectManifest.MaxBytes)
        {
            throw OapServiceException.BadRequest($"manifest size must be 1..{ObjectManifest.MaxBytes}, got {size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
        }

        var bytes = new byte[n];
        var at = 0;
        await foreach (var chunk in request.ReadBodyAsync(ct).ConfigureAwait(false))
        {
            try
            {
                if (chunk.Memory.Length > n - at)
                {
                    throw OapServiceException.BadRequest($"manifest body exceeds the declared {n} bytes");
                }

                chunk.Memory.CopyTo(bytes.AsMemory(at));
                at += chunk.Memory.Length;
            }
            finally
            {
                chunk.Return();
            }
        }

        if (at != n)
        {
            throw OapServiceException.BadRequest($"manifest body has {at} bytes, declared {n}");
        }

        var manifest = ObjectManifest.Decode(bytes);
        if (manifest.Object != obj)
        {
            throw OapServiceException.BadRequest($"manifest names {manifest.Object}, not {obj}");
        }

        await ctx.Manifests.PutAsync(manifest, ct).ConfigureAwait(false);
        await request.Responder.ReplyAsync(OverlayCodec.EncodeObject(obj, n), ct).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "peer {Peer} sent a malformed {App} message: {Reason}")]
    private static partial void LogMalformed(ILogger log, string peer, string app, string reason);
}
