using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RustyOnions.Index.Mapping;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Content;

namespace RustyOnions.Bridges.Ipfs.Gateway;

/// <summary>
/// Computes, in the background, the UnixFS CIDv1 of stored objects and records root and block CIDs in the
/// <see cref="ICidMap"/>, so that an object PUT through the overlay becomes reachable by CID. One worker; a bounded
/// queue (a PUT never waits for it: when full, the address is dropped and counted, and the next start's backfill
/// indexes it).
/// </summary>
public sealed partial class CidIndexer : IAsyncDisposable
{
    private readonly IContentStore _store;
    private readonly ICidMap _map;
    private readonly ILogger _log;
    private readonly Channel<ContentId> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _worker;
    private long _indexed;
    private long _dropped;
    private long _failed;

    /// <summary>Starts the worker.</summary>
    public CidIndexer(IContentStore store, ICidMap map, IpfsGatewayOptions options, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _map = map ?? throw new ArgumentNullException(nameof(map));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _queue = Channel.CreateBounded<ContentId>(new BoundedChannelOptions(options.Validate().IndexQueue)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _worker = Task.Run(RunAsync, CancellationToken.None);
    }

    /// <summary>Objects whose CID was recorded.</summary>
    public long Indexed => Interlocked.Read(ref _indexed);

    /// <summary>Addresses not queued because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Objects whose indexing failed (logged).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Queues an object without waiting; false (and counted) when the queue is full.</summary>
    public bool TryEnqueue(ContentId addr)
    {
        if (_queue.Writer.TryWrite(addr))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Queues every stored object that has no CID yet (waits for room); run once after the store opens.</summary>
    public async Task BackfillAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        await foreach (var addr in _store.ListAsync(linked.Token).ConfigureAwait(false))
        {
            if (await _map.TryGetByAddrAsync(addr, linked.Token).ConfigureAwait(false) is null)
            {
                await _queue.Writer.WriteAsync(addr, linked.Token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Indexes one object now (also used by the worker); returns its mapping, or null when it is not stored.</summary>
    public async Task<CidMapEntry?> IndexAsync(ContentId addr, CancellationToken cancellationToken)
    {
        if (await _map.TryGetByAddrAsync(addr, cancellationToken).ConfigureAwait(false) is { } known)
        {
            return known;
        }

        var computed = await OverlayUnixFs.ComputeAsync(_store, addr, cancellationToken).ConfigureAwait(false);
        if (computed is not { } c)
        {
            return null;
        }

        var entry = new CidMapEntry(c.Result.Root.BytesMemory, addr, c.Result.FileSize);
        await _map.PutAsync(entry, c.BlockCids, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _indexed);
        return entry;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _worker.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        await foreach (var addr in _queue.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
        {
            try
            {
                await IndexAsync(addr, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IpfsException or ContentStoreException or IOException or InvalidOperationException or System.Data.Common.DbException)
            {
                Interlocked.Increment(ref _failed);
                LogFailed(_log, addr.ToString(), e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "computing the IPFS CID of {Addr} failed")]
    private static partial void LogFailed(ILogger log, string addr, Exception e);
}
