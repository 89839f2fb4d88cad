using System.Buffers;
using RustyOnions.Node.Oap;
using RustyOnions.Node.Overlay;
using RustyOnions.Overlay.Replication;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Content;
using RustyOnions.Proto.Errors;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Services.Storage;

/// <summary>The storage service's overlay paths: PUT fan-out to the holders, GET fallback and read repair.</summary>
public sealed partial class StorageService
{
    /// <summary>The overlay (null or not started: the node behaves as a lone store).</summary>
    public OverlayHolder? Overlay { get; init; }

    /// <summary>After the local durable write: copies on the holders, answered once the write quorum holds.</summary>
    private async ValueTask<int?> ReplicateAsync(PutResult result, CancellationToken ct)
    {
        if (Overlay?.Runtime is not { } overlay)
        {
            return null;
        }

        try
        {
            return await overlay.Replicator.ReplicateAsync(result.Addr, result.Size, ct).ConfigureAwait(false);
        }
        catch (QuorumNotReachedException e)
        {
            throw new OapServiceException(OapStatus.Unavailable, OapErrorCode.Unavailable, e.Message + "; the local copy is kept and will migrate", retryable: true, retryAfterMs: 1000);
        }
    }

    /// <summary>
    /// GET with the overlay: served locally when held, else fetched (verified) from the holders in
    /// rendezvous order. A local replica that fails verification mid-stream is repaired from a good
    /// holder and the stream continues from the first unsent byte, so the client never sees bad bytes.
    /// </summary>
    private async ValueTask GetReplicatedAsync(OapRequest request, OverlayRuntime overlay, ContentId addr, long offset, long? length, CancellationToken ct)
    {
        var reader = await OpenAsync(addr, offset, length, ct).ConfigureAwait(false);
        if (reader is null && await TryGetErasureAsync(request, addr, offset, length, ct).ConfigureAwait(false))
        {
            return;
        }

        if (reader is null && await overlay.Replicator.FetchAsync(addr, ct).ConfigureAwait(false))
        {
            _metrics.StoreSize(Store.ObjectCount, Store.TotalBytes);
            reader = await OpenAsync(addr, offset, length, ct).ConfigureAwait(false);
        }

        if (reader is null)
        {
            throw OapServiceException.NotFound($"object {addr} not found on this node or its holders");
        }

        var total = reader.Length;
        var chunkSize = Math.Min(GetChunk, request.Responder.MaxPayload);
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        var repaired = false;
        try
        {
            long sent = 0;
            do
            {
                var want = (int)Math.Min(chunkSize, total - sent);
                var filled = 0;
                while (filled < want)
                {
                    int n;
                    try
                    {
                        n = await reader.ReadAsync(buffer.AsMemory(filled, want - filled), ct).ConfigureAwait(false);
                    }
                    catch (CorruptObjectException e)
                    {
                        _metrics.CorruptObject();
                        LogCorrupt(e.Address.ToString(), e.Offset);
                        await reader.DisposeAsync().ConfigureAwait(false);
                        reader = null;
                        if (repaired || !await overlay.Replicator.RepairAsync(addr, ct).ConfigureAwait(false))
                        {
                            throw new OapServiceException(OapStatus.Internal, OapErrorCode.Corrupt, $"stored object {e.Address} failed verification at offset {e.Offset}; no unverified bytes were sent", retryable: true);
                        }

                        repaired = true;
                        reader = await OpenAsync(addr, offset + sent, length is { } l ? l - sent : null, ct).ConfigureAwait(false)
                            ?? throw new OapServiceException($"repaired object {addr} vanished");
                        filled = 0;
                        continue;
                    }

                    if (n == 0)
                    {
                        throw new OapServiceException($"object ended after {sent + filled} of {total} bytes");
                    }

                    filled += n;
                }

                sent += filled;
                await request.Responder.SendAsync(buffer.AsMemory(0, filled), last: sent >= total, ct).ConfigureAwait(false);
            }
            while (sent < total);
            Limits?.Usage.BytesOut(request.Tenant, total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (reader is not null)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async ValueTask<ContentReader?> OpenAsync(ContentId addr, long offset, long? length, CancellationToken ct)
    {
        try
        {
            return await Store.OpenReadAsync(addr, offset, length, ct).ConfigureAwait(false);
        }
        catch (ContentStoreException e)
        {
            throw Translate(e);
        }
    }
}
