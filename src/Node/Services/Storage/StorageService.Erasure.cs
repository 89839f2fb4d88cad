using System.Buffers;
using RustyOnions.Node.Oap;
using RustyOnions.Node.Overlay.Erasure;
using RustyOnions.Overlay.Erasure;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Content;
using RustyOnions.Proto.Errors;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Services.Storage;

/// <summary>
/// The storage service's erasure paths (specs/erasure.md §7): a PUT that reaches the threshold is
/// streamed into coded segments instead of one local blob; a GET of an object held as segments
/// streams them back, verified.
/// </summary>
public sealed partial class StorageService
{
    /// <summary>The erasure layer (null or off: every object is stored whole).</summary>
    public ErasureHolder? Erasure { get; init; }

    private ErasureRuntime? ErasureOn => Erasure?.Runtime is { IsOpen: true } r && r.Opts.Threshold > 0 && Overlay?.Runtime is not null ? r : null;

    /// <summary>
    /// PUT when erasure coding is on: the body is buffered up to the threshold; a shorter object then takes
    /// the ordinary path (one blob, replicated), a longer one is streamed segment by segment into shards.
    /// </summary>
    private async ValueTask PutMaybeErasureAsync(OapRequest request, ErasureRuntime erasure, ContentId? expected, long? declared, long maxBytes, CancellationToken ct)
    {
        if (declared > maxBytes)
        {
            throw OapServiceException.TooLarge($"object exceeds the limit of {maxBytes} bytes; nothing was stored");
        }

        var threshold = (int)erasure.Opts.Threshold;
        var pending = ArrayPool<byte>.Shared.Rent(threshold);
        var buffered = 0;
        ErasureObjectWriter? coded = null;
        try
        {
            await foreach (var chunk in request.ReadBodyAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    if (coded is null && buffered + chunk.Length < threshold)
                    {
                        chunk.Memory.CopyTo(pending.AsMemory(buffered));
                        buffered += chunk.Length;
                        continue;
                    }

                    if (coded is null)
                    {
                        coded = new ErasureObjectWriter(erasure.Context);
                        await coded.WriteAsync(pending.AsMemory(0, buffered), ct).ConfigureAwait(false);
                    }

                    Limits?.CheckPut(request.Tenant, coded.BytesWritten + chunk.Length);
                    if (coded.BytesWritten + chunk.Length > maxBytes)
                    {
                        throw OapServiceException.TooLarge($"object exceeds the limit of {maxBytes} bytes; nothing was stored");
                    }

                    if (coded.BytesWritten + chunk.Length > declared)
                    {
                        throw new OapServiceException(OapStatus.TooLarge, OapErrorCode.TooLarge, $"declared size {declared} but received more bytes; nothing was stored");
                    }

                    await coded.WriteAsync(chunk.Memory, ct).ConfigureAwait(false);
                }
                finally
                {
                    chunk.Return();
                }
            }

            if (coded is null)
            {
                await PutWholeAsync(request, pending.AsMemory(0, buffered), expected, declared, ct).ConfigureAwait(false);
                return;
            }

            if (declared is { } d && d != coded.BytesWritten)
            {
                throw OapServiceException.BadRequest($"declared size {d} but received {coded.BytesWritten} bytes; nothing was stored");
            }

            ObjectManifest manifest;
            try
            {
                manifest = await coded.CompleteAsync(expected, ct).ConfigureAwait(false);
            }
            catch (AddressMismatchException e)
            {
                throw Translate(e);
            }
            catch (ErasurePlacementException e)
            {
                throw new OapServiceException(OapStatus.Unavailable, OapErrorCode.Unavailable, $"{e.Message}; nothing refers to the shards stored so far", retryable: true, retryAfterMs: 1000);
            }

            if (Limits?.Usage is { } codedUsage)
            {
                codedUsage.BytesIn(request.Tenant, manifest.Size);
                codedUsage.Stored(request.Tenant, manifest.Size);
            }

            await request.Responder.ReplyAsync(JsonReply.Build(w =>
            {
                w.WriteString("addr", manifest.Object.ToString());
                w.WriteNumber("size", manifest.Size);
                w.WriteNumber("segments", manifest.Segments.Count);
                w.WriteNumber("k", manifest.DataShards);
                w.WriteNumber("m", manifest.ParityShards);
            }), ct).ConfigureAwait(false);
        }
        catch (ErasurePlacementException e)
        {
            throw new OapServiceException(OapStatus.Unavailable, OapErrorCode.Unavailable, $"{e.Message}; nothing refers to the shards stored so far", retryable: true, retryAfterMs: 1000);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pending);
            if (coded is not null)
            {
                await coded.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>An object below the erasure threshold: one verified blob, replicated as before.</summary>
    private async ValueTask PutWholeAsync(OapRequest request, ReadOnlyMemory<byte> bytes, ContentId? expected, long? declared, CancellationToken ct)
    {
        PutResult result;
        try
        {
            var writer = await Store.BeginWriteAsync(expected, declared, ct).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                await writer.WriteAsync(bytes, ct).ConfigureAwait(false);
                result = await writer.CommitAsync(ct).ConfigureAwait(false);
            }
        }
        catch (ContentStoreException e)
        {
            throw Translate(e);
        }

        await CommittedAsync(request, result, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// GET of an object this node does not hold whole: when a manifest exists (here or on its holders),
    /// streams the segments and returns true; false when the object is not erasure coded.
    /// </summary>
    private async ValueTask<bool> TryGetErasureAsync(OapRequest request, ContentId addr, long offset, long? length, CancellationToken ct)
    {
        if (Erasure?.Runtime is not { IsOpen: true } erasure || await erasure.Context.FindManifestAsync(addr, ct).ConfigureAwait(false) is not { } manifest)
        {
            return false;
        }

        if (offset < 0 || offset > manifest.Size || length is < 0 || (length is { } l0 && offset + l0 > manifest.Size))
        {
            throw OapServiceException.BadRequest($"range offset {offset} length {length?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} is outside the object of {manifest.Size} bytes");
        }

        var total = length ?? (manifest.Size - offset);
        var piece = Math.Min(256 * 1024, request.Responder.MaxPayload);
        long sent = 0;
        try
        {
            if (total == 0)
            {
                await request.Responder.SendAsync(ReadOnlyMemory<byte>.Empty, last: true, ct).ConfigureAwait(false);
                return true;
            }

            await foreach (var block in new ErasureObjectReader(erasure.Context, manifest).ReadAsync(offset, total, ct).ConfigureAwait(false))
            {
                for (var at = 0; at < block.Length; at += piece)
                {
                    var n = Math.Min(piece, block.Length - at);
                    sent += n;
                    await request.Responder.SendAsync(block.Slice(at, n), last: sent >= total, ct).ConfigureAwait(false);
                }
            }
        }
        catch (ErasureUnavailableException e)
        {
            throw new OapServiceException(OapStatus.Unavailable, OapErrorCode.Unavailable, $"object {addr}: {e.Message}; {sent} bytes were sent", retryable: true, retryAfterMs: 1000);
        }
        catch (ErasureIntegrityException e)
        {
            _metrics.CorruptObject();
            throw new OapServiceException(OapStatus.Internal, OapErrorCode.Corrupt, e.Message + "; the last segment was withheld", retryable: false);
        }

        Limits?.Usage.BytesOut(request.Tenant, total);
        return true;
    }
}
