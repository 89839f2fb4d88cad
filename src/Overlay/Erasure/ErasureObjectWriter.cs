using System.Buffers;
using RustyOnions.Erasure;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Erasure;

/// <summary>
/// Streams an object into erasure-coded segments: bytes fill a segment buffer; each full segment is
/// coded into k + m shards, hashed and placed on distinct peers in the stripe's rendezvous order
/// while the next segment arrives (at most <see cref="ErasureOpts.SegmentsInFlight"/> at once).
/// <see cref="CompleteAsync"/> places the manifest once the whole-object address is known.
/// </summary>
public sealed class ErasureObjectWriter : IAsyncDisposable
{
    private readonly ErasureContext _ctx;
    private readonly ErasureOpts _opts;
    private readonly ContentHasher _hasher = new();
    private readonly List<Task<ManifestSegment>> _segments = [];
    private readonly SemaphoreSlim _inflight;
    private readonly CancellationTokenSource _abort = new();
    private readonly int _bufferBytes;
    private byte[]? _buffer;
    private int _filled;
    private bool _completed;

    /// <summary>Starts an object.</summary>
    public ErasureObjectWriter(ErasureContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        _ctx = ctx;
        _opts = ctx.Opts;
        _inflight = new SemaphoreSlim(_opts.SegmentsInFlight);
        var full = StripeLayout.For(_opts.SegmentBytes, _opts.DataShards, _opts.ParityShards, _opts.Alignment);
        _bufferBytes = checked((int)full.StoredLength);
    }

    /// <summary>Bytes received so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Appends bytes; blocks while <see cref="ErasureOpts.SegmentsInFlight"/> segments are being placed.</summary>
    /// <exception cref="ErasurePlacementException">An earlier segment could not be placed.</exception>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        while (data.Length > 0)
        {
            _buffer ??= ArrayPool<byte>.Shared.Rent(_bufferBytes);
            var take = Math.Min(data.Length, _opts.SegmentBytes - _filled);
            data[..take].CopyTo(_buffer.AsMemory(_filled));
            _filled += take;
            BytesWritten += take;
            data = data[take..];
            if (_filled == _opts.SegmentBytes)
            {
                await FlushAsync(ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Places the last segment, waits for every shard, then stores the manifest here and on the
    /// object's R holders. Returns the manifest.
    /// </summary>
    /// <exception cref="AddressMismatchException">The bytes do not hash to <paramref name="expected"/>.</exception>
    /// <exception cref="ErasurePlacementException">A shard could not be stored anywhere.</exception>
    public async Task<ObjectManifest> CompleteAsync(ContentId? expected, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_filled > 0)
        {
            await FlushAsync(ct).ConfigureAwait(false);
        }

        _completed = true;
        var segments = await Task.WhenAll(_segments).WaitAsync(ct).ConfigureAwait(false);
        var addr = _hasher.Finish();
        if (expected is { } e && e != addr)
        {
            throw new AddressMismatchException(e, addr);
        }

        var manifest = new ObjectManifest
        {
            Object = addr,
            Size = BytesWritten,
            DataShards = _opts.DataShards,
            ParityShards = _opts.ParityShards,
            Alignment = _opts.Alignment,
            SegmentBytes = _opts.SegmentBytes,
            Segments = segments,
        };
        await _ctx.PlaceManifestAsync(manifest, ct).ConfigureAwait(false);
        return manifest;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _completed = true;
        await _abort.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_segments).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // an abandoned PUT: its failures were already reported to the caller or do not matter
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        _hasher.Dispose();
        _abort.Dispose();
        _inflight.Dispose();
    }

    private async ValueTask FlushAsync(CancellationToken ct)
    {
        // Fail fast: a segment that could not be placed dooms the PUT.
        foreach (var t in _segments)
        {
            if (t.IsFaulted)
            {
                await t.ConfigureAwait(false);
            }
        }

        var buffer = _buffer!;
        var length = _filled;
        _hasher.Update(buffer.AsSpan(0, length));
        _buffer = null;
        _filled = 0;
        await _inflight.WaitAsync(ct).ConfigureAwait(false);
        var token = _abort.Token;
        _segments.Add(Task.Run(
            async () =>
            {
                try
                {
                    return await SegmentCoder.CodeAndPlaceAsync(_ctx, _opts.DataShards, _opts.ParityShards, _opts.Alignment, buffer, length, token).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    _inflight.Release();
                }
            },
            CancellationToken.None));
    }
}
