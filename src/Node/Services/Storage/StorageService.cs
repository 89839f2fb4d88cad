using System.Buffers;
using System.Text.Json;
using RustyOnions.Node.Metrics;
using RustyOnions.Node.Oap;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Content;
using RustyOnions.Proto.Errors;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Services.Storage;

/// <summary>Storage (0x0301): streaming PUT, verified streaming GET, tiles GET by path, stat.</summary>
public sealed partial class StorageService : IOapService
{
    /// <summary>Largest payload of one GET reply frame.</summary>
    public const int GetChunk = 64 * 1024;

    private readonly Func<IContentStore> _storeOf;
    private readonly FileRoot? _tiles;
    private readonly NodeMetrics _metrics;
    private readonly Microsoft.Extensions.Logging.ILogger<StorageService> _log;
    private readonly Action<ContentId>? _onStored;

    /// <summary>Created by DI.</summary>
    /// <param name="store">The content store.</param>
    /// <param name="tiles">The tiles root.</param>
    /// <param name="metrics">Metrics.</param>
    /// <param name="log">Log.</param>
    /// <param name="onStored">Told (must not block) the address of every committed PUT, e.g. to compute its IPFS CID.</param>
    public StorageService(Func<IContentStore> store, FileRoot? tiles, NodeMetrics metrics, Microsoft.Extensions.Logging.ILogger<StorageService> log, Action<ContentId>? onStored = null)
    {
        _log = log;
        _onStored = onStored;
        _storeOf = store;
        _tiles = tiles;
        _metrics = metrics;
    }

    private IContentStore Store => _storeOf();

    /// <summary>Per-tenant byte limits and the usage ledger (policy and accounting), or null.</summary>
    public Policy.TenantLimits? Limits { get; init; }

    /// <inheritdoc />
    public ushort AppId => OapAppId.Storage;

    /// <inheritdoc />
    public string Name => "storage";

    /// <inheritdoc />
    public async ValueTask HandleAsync(OapRequest request, OapConnectionInfo connection, CancellationToken ct)
    {
        using var doc = JsonRequest.Parse(request.Head);
        var root = doc.RootElement;
        var op = JsonRequest.Op(root);
        if (op is "put" or "get")
        {
            Limits?.CheckDailyBudget(request.Tenant);
        }

        switch (op)
        {
            case "put":
                await PutAsync(request, root, ct).ConfigureAwait(false);
                break;
            case "get" when root.TryGetProperty("path", out _):
                await GetPathAsync(request, JsonRequest.RequiredString(root, "path"), ct).ConfigureAwait(false);
                break;
            case "get" when Overlay?.Runtime is { } overlay:
                await GetReplicatedAsync(request, overlay, JsonRequest.Address(root), JsonRequest.OptionalLong(root, "offset") ?? 0, JsonRequest.OptionalLong(root, "length"), ct).ConfigureAwait(false);
                break;
            case "get":
                await GetAsync(request, JsonRequest.Address(root), JsonRequest.OptionalLong(root, "offset") ?? 0, JsonRequest.OptionalLong(root, "length"), ct).ConfigureAwait(false);
                break;
            case "stat":
                await StatAsync(request, JsonRequest.Address(root), ct).ConfigureAwait(false);
                break;
            default:
                throw OapServiceException.BadRequest($"unknown storage op '{op}' (known: put, get, stat)");
        }
    }

    private async ValueTask PutAsync(OapRequest request, JsonElement root, CancellationToken ct)
    {
        ContentId? expected = root.TryGetProperty("addr", out _) ? JsonRequest.Address(root) : null;
        var declared = JsonRequest.OptionalLong(root, "size");
        Limits?.CheckPut(request.Tenant, declared ?? 0);
        if (ErasureOn is { } erasure)
        {
            await PutMaybeErasureAsync(request, erasure, expected, declared, erasure.MaxObjectBytes, ct).ConfigureAwait(false);
            return;
        }

        ContentWriter writer;
        try
        {
            writer = await Store.BeginWriteAsync(expected, declared, ct).ConfigureAwait(false);
        }
        catch (ContentStoreException e)
        {
            throw Translate(e);
        }

        await using (writer.ConfigureAwait(false))
        {
            PutResult result;
            long received = 0;
            try
            {
                await foreach (var chunk in request.ReadBodyAsync(ct).ConfigureAwait(false))
                {
                    try
                    {
                        received += chunk.Memory.Length;
                        Limits?.CheckPut(request.Tenant, received);
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
                throw Translate(e);
            }

            await CommittedAsync(request, result, ct).ConfigureAwait(false);
        }
    }

    /// <summary>After a whole object is durable here: metrics, usage, the CID hook, replication, then the reply.</summary>
    private async ValueTask CommittedAsync(OapRequest request, PutResult result, CancellationToken ct)
    {
        _metrics.StoreSize(Store.ObjectCount, Store.TotalBytes);
        if (Limits?.Usage is { } usage)
        {
            usage.BytesIn(request.Tenant, result.Size);
            if (!result.AlreadyExisted)
            {
                usage.Stored(request.Tenant, result.Size);
            }
        }

        _onStored?.Invoke(result.Addr);
        var copies = await ReplicateAsync(result, ct).ConfigureAwait(false);
        await request.Responder.ReplyAsync(JsonReply.Build(w =>
        {
            w.WriteString("addr", result.Addr.ToString());
            w.WriteNumber("size", result.Size);
            if (copies is { } c)
            {
                w.WriteNumber("copies", c);
            }
        }), ct).ConfigureAwait(false);
    }

    private async ValueTask GetAsync(OapRequest request, ContentId addr, long offset, long? length, CancellationToken ct)
    {
        ContentReader? reader;
        try
        {
            reader = await Store.OpenReadAsync(addr, offset, length, ct).ConfigureAwait(false);
        }
        catch (ContentStoreException e)
        {
            throw Translate(e);
        }

        if (reader is null)
        {
            throw OapServiceException.NotFound($"object {addr} not found");
        }

        await using (reader.ConfigureAwait(false))
        {
            await StreamAsync(request.Responder, reader.Length, (buffer, token) => reader.ReadAsync(buffer, token), ct).ConfigureAwait(false);
            Limits?.Usage.BytesOut(request.Tenant, reader.Length);
        }
    }

    private async ValueTask GetPathAsync(OapRequest request, string path, CancellationToken ct)
    {
        FileInfo file;
        try
        {
            file = (_tiles ?? throw OapServiceException.NotFound("this node serves no tiles root (amnesia mode without tiles_root)")).Resolve(path);
        }
        catch (PathRejectedException e)
        {
            throw OapServiceException.BadRequest(e.Message);
        }

        if (!file.Exists)
        {
            throw OapServiceException.NotFound($"no file '{path}' under the tiles root");
        }

        var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            await StreamAsync(request.Responder, stream.Length, (buffer, token) => stream.ReadAsync(buffer, token), ct).ConfigureAwait(false);
        }
    }

    private async ValueTask StatAsync(OapRequest request, ContentId addr, CancellationToken ct)
    {
        var info = await Store.StatAsync(addr, ct).ConfigureAwait(false);
        if (info is null && Erasure?.Runtime is { IsOpen: true } erasure && await erasure.Context.FindManifestAsync(addr, ct).ConfigureAwait(false) is { } manifest)
        {
            info = new ObjectInfo(addr, manifest.Size);
        }

        await request.Responder.ReplyAsync(JsonReply.Build(w =>
        {
            w.WriteString("addr", addr.ToString());
            w.WriteBoolean("exists", info is not null);
            if (info is { } i)
            {
                w.WriteNumber("size", i.Size);
            }
        }), ct).ConfigureAwait(false);
    }

    /// <summary>Streams <paramref name="length"/> bytes as reply frames of at most 64 KiB, reading ahead one chunk.</summary>
    private async ValueTask StreamAsync(OapResponder responder, long length, Func<Memory<byte>, CancellationToken, ValueTask<int>> read, CancellationToken ct)
    {
        var chunkSize = Math.Min(GetChunk, responder.MaxPayload);
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        try
        {
            long sent = 0;
            do
            {
                var want = (int)Math.Min(chunkSize, length - sent);
                var filled = 0;
                while (filled < want)
                {
                    int n;
                    try
                    {
                        n = await read(buffer.AsMemory(filled, want - filled), ct).ConfigureAwait(false);
                    }
                    catch (CorruptObjectException e)
                    {
                        _metrics.CorruptObject();
                        LogCorrupt(e.Address.ToString(), e.Offset);
                        throw new OapServiceException(OapStatus.Internal, OapErrorCode.Corrupt, $"stored object {e.Address} failed verification at offset {e.Offset}; no unverified bytes were sent", retryable: true);
                    }

                    if (n == 0)
                    {
                        throw new OapServiceException($"object ended after {sent + filled} of {length} bytes");
                    }

                    filled += n;
                }

                sent += filled;
                await responder.SendAsync(buffer.AsMemory(0, filled), last: sent >= length, ct).ConfigureAwait(false);
            }
            while (sent < length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static OapServiceException Translate(ContentStoreException e) => e switch
    {
        AddressMismatchException m => new OapServiceException(OapStatus.BadRequest, OapErrorCode.BadRequest, $"ADDRESS_MISMATCH: declared {m.Expected} but the bytes hash to {m.Actual}; nothing was stored"),
        ObjectTooLargeException t => OapServiceException.TooLarge($"object exceeds the limit of {t.Limit} bytes; nothing was stored"),
        SizeMismatchException s => new OapServiceException(s.Received > s.Declared ? OapStatus.TooLarge : OapStatus.BadRequest, s.Received > s.Declared ? OapErrorCode.TooLarge : OapErrorCode.BadRequest, $"declared size {s.Declared} but received {s.Received} bytes; nothing was stored"),
        RangeNotSatisfiableException r => OapServiceException.BadRequest($"range offset {r.Offset} length {r.Length?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} is outside the object of {r.Size} bytes"),
        CorruptObjectException c => new OapServiceException(OapStatus.Internal, OapErrorCode.Corrupt, $"stored object {c.Address} failed verification at offset {c.Offset}", retryable: true),
        _ => new OapServiceException(e.Message, e),
    };


    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "corrupt object {Addr} detected at offset {Offset}")]
    private partial void LogCorrupt(string addr, long offset);
}
