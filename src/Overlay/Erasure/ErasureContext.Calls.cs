using RustyOnions.Overlay.Peers;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Erasure;

/// <summary>Shard and manifest calls to one peer (or to this node's own stores).</summary>
public sealed partial class ErasureContext
{
    /// <summary>Which of <paramref name="ids"/> <paramref name="peer"/> holds; null when it could not be asked.</summary>
    public async Task<IReadOnlyList<bool>?> HaveShardsAsync(PeerId peer, IReadOnlyList<ContentId> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (peer == Self)
        {
            return ids.Select(Shards.Contains).ToList();
        }

        return await CallAsync(peer, ErasureAppIds.ShardHave, $"{ids.Count} shards", async link =>
        {
            var reply = OverlayCodec.DecodeHaveReply(await link.CallAsync(ErasureAppIds.ShardHave, OverlayCodec.EncodeHave([.. ids]), OverlayCodec.MaxMessageBytes, ct).ConfigureAwait(false));
            return reply.Count == ids.Count ? reply : throw new OverlayMessageException($"shard have reply has {reply.Count} flags for {ids.Count} ids");
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Stores shard <paramref name="id"/> (its bytes, already hashed) on <paramref name="peer"/>; true once durable there.</summary>
    public async Task<bool> PutShardAsync(PeerId peer, ContentId id, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        if (peer == Self)
        {
            try
            {
                var writer = await Shards.BeginWriteAsync(id, bytes.Length, ct).ConfigureAwait(false);
                await using (writer.ConfigureAwait(false))
                {
                    await writer.WriteAsync(bytes, ct).ConfigureAwait(false);
                    if (!(await writer.CommitAsync(ct).ConfigureAwait(false)).AlreadyExisted)
                    {
                        Metrics.ShardStored(bytes.Length);
                    }
                }

                Metrics.ShardPlaced(bytes.Length);
                return true;
            }
            catch (Exception e) when (e is ContentStoreException or IOException)
            {
                LogCallFailed(Log, "local shard store", peer.ToString(), id.ToString(), e.Message);
                return false;
            }
        }

        var ok = await CallAsync(peer, ErasureAppIds.ShardStore, id.ToString(), async link =>
        {
            var sent = 0;
            var reply = await link.PushAsync(ErasureAppIds.ShardStore, OverlayCodec.EncodeObject(id, bytes.Length), (buffer, _) =>
            {
                var n = Math.Min(buffer.Length, bytes.Length - sent);
                bytes.Slice(sent, n).CopyTo(buffer);
                sent += n;
                return ValueTask.FromResult(n);
            }, ct).ConfigureAwait(false);
            var (stored, size) = OverlayCodec.DecodeObject(reply);
            return stored == id && size == bytes.Length ? true : throw new OverlayMessageException($"peer confirmed {stored} ({size} bytes) for shard {id} ({bytes.Length} bytes)");
        }, ct).ConfigureAwait(false);
        if (ok)
        {
            Metrics.ShardPlaced(bytes.Length);
        }

        return ok;
    }

    /// <summary>
    /// Reads shard <paramref name="id"/> from <paramref name="peer"/> into <paramref name="destination"/>
    /// (exactly its length) and verifies its hash; false when the peer lacks it, fails, or sends wrong bytes.
    /// </summary>
    public async Task<bool> FetchShardAsync(PeerId peer, ContentId id, Memory<byte> destination, CancellationToken ct)
    {
        if (peer == Self)
        {
            return await ReadLocalShardAsync(id, destination, ct).ConfigureAwait(false);
        }

        var received = 0;
        var ok = await CallAsync(peer, ErasureAppIds.ShardFetch, id.ToString(), async link =>
        {
            await link.PullAsync(ErasureAppIds.ShardFetch, OverlayCodec.EncodeObject(id, null), chunk =>
            {
                if (chunk.Length > destination.Length - received)
                {
                    throw new OverlayMessageException($"peer sent more than the {destination.Length} bytes of shard {id}");
                }

                chunk.CopyTo(destination[received..]);
                received += chunk.Length;
                return ValueTask.CompletedTask;
            }, ct).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
        if (!ok)
        {
            return false;
        }

        if (received != destination.Length || ContentId.Compute(destination.Span) != id)
        {
            // Bytes are never trusted without their hash.
            Metrics.ShardCorrupt();
            Table.Penalise(peer);
            await Links.DropAsync(peer).ConfigureAwait(false);
            LogWrongShard(Log, peer.ToString(), id.ToString());
            return false;
        }

        return true;
    }

    /// <summary>The manifest of <paramref name="obj"/> held by <paramref name="peer"/>, or null.</summary>
    public async Task<ObjectManifest?> FetchManifestAsync(PeerId peer, ContentId obj, CancellationToken ct)
    {
        if (peer == Self)
        {
            return await Manifests.GetAsync(obj, ct).ConfigureAwait(false);
        }

        ObjectManifest? found = null;
        await CallAsync(peer, ErasureAppIds.ManifestFetch, obj.ToString(), async link =>
        {
            using var buffer = new MemoryStream();
            await link.PullAsync(ErasureAppIds.ManifestFetch, OverlayCodec.EncodeObject(obj, null), chunk =>
            {
                if (buffer.Length + chunk.Length > ObjectManifest.MaxBytes)
                {
                    throw new OverlayMessageException($"manifest of {obj} exceeds {ObjectManifest.MaxBytes} bytes");
                }

                buffer.Write(chunk.Span);
                return ValueTask.CompletedTask;
            }, ct).ConfigureAwait(false);
            var m = ObjectManifest.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            found = m.Object == obj ? m : throw new ManifestFormatException($"peer answered with the manifest of {m.Object} for {obj}");
            return true;
        }, ct).ConfigureAwait(false);
        return found;
    }

    private async Task<bool> PushManifestAsync(PeerId peer, ContentId obj, byte[] bytes, CancellationToken ct) =>
        await CallAsync(peer, ErasureAppIds.ManifestStore, obj.ToString(), async link =>
        {
            var sent = 0;
            await link.PushAsync(ErasureAppIds.ManifestStore, OverlayCodec.EncodeObject(obj, bytes.Length), (buffer, _) =>
            {
                var n = Math.Min(buffer.Length, bytes.Length - sent);
                bytes.AsMemory(sent, n).CopyTo(buffer);
                sent += n;
                return ValueTask.FromResult(n);
            }, ct).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);

    private async Task<bool> ReadLocalShardAsync(ContentId id, Memory<byte> destination, CancellationToken ct)
    {
        try
        {
            var reader = await Shards.OpenReadAsync(id, 0, null, ct).ConfigureAwait(false);
            if (reader is null)
            {
                return false;
            }

            await using (reader.ConfigureAwait(false))
            {
                if (reader.Length != destination.Length)
                {
                    return false;
                }

                var filled = 0;
                while (filled < destination.Length)
                {
                    var n = await reader.ReadAsync(destination[filled..], ct).ConfigureAwait(false);
                    if (n == 0)
                    {
                        return false;
                    }

                    filled += n;
                }

                return true;
            }
        }
        catch (CorruptObjectException)
        {
            Metrics.ShardCorrupt();
            return false;
        }
        catch (Exception e) when (e is ContentStoreException or IOException)
        {
            return false;
        }
    }

    /// <summary>Runs one call on the link to <paramref name="peer"/>; a failure (logged unless 404) yields default.</summary>
    private async Task<T?> CallAsync<T>(PeerId peer, ushort app, string about, Func<IPeerLink, Task<T>> call, CancellationToken ct)
    {
        if (AddressOf(peer) is not { } address)
        {
            return default;
        }

        try
        {
            var link = await Links.GetAsync(address, ct).ConfigureAwait(false);
            return await call(link).ConfigureAwait(false);
        }
        catch (Exception e) when (e is PeerLinkException or OverlayMessageException or ManifestFormatException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            if (e is not PeerLinkException { IsNotFound: true })
            {
                LogCallFailed(Log, ErasureAppIds.NameOf(app), peer.ToString()[..12], about, e.Message);
            }

            if (e is OverlayMessageException or ManifestFormatException or PeerLinkException { Status: 0 })
            {
                await Links.DropAsync(peer).ConfigureAwait(false);
            }

            return default;
        }
    }
}
