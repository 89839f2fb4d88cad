using System.Buffers;
using System.Runtime.CompilerServices;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Erasure;

/// <summary>
/// Streams an erasure-coded object (or a range of it) segment by segment: each segment's shards are
/// gathered and verified (<see cref="SegmentFetcher"/>), decoded only when data shards are missing,
/// and fetched at most <see cref="ErasureOpts.SegmentsInFlight"/> segments ahead, so memory stays
/// bounded whatever the object size. A whole-object read is hashed and checked against the address
/// before its last segment is handed out.
/// </summary>
public sealed class ErasureObjectReader
{
    private readonly ErasureContext _ctx;
    private readonly ObjectManifest _manifest;

    /// <summary>Creates a reader over <paramref name="manifest"/>.</summary>
    public ErasureObjectReader(ErasureContext ctx, ObjectManifest manifest)
    {
        _ctx = ctx;
        _manifest = manifest;
    }

    /// <summary>
    /// Yields the bytes of [offset, offset + length) in order. Each yielded block is valid only until
    /// the next one is requested.
    /// </summary>
    /// <exception cref="ErasureUnavailableException">A segment has fewer than k reachable verified shards.</exception>
    /// <exception cref="ErasureIntegrityException">The decoded object does not hash to its address.</exception>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(long offset, long length, [EnumeratorCancellation] CancellationToken ct)
    {
        if (length == 0)
        {
            yield break;
        }

        var m = _manifest;
        var whole = offset == 0 && length == m.Size;
        var first = (int)(offset / m.SegmentBytes);
        var last = (int)((offset + length - 1) / m.SegmentBytes);
        using var hasher = whole ? new ContentHasher() : null;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var ahead = new Queue<Task<(byte[] Buffer, int Length)>>();
        var next = first;
        try
        {
            for (var index = first; index <= last; index++)
            {
                while (next <= last && ahead.Count < _ctx.Opts.SegmentsInFlight)
                {
                    var i = next++;
                    ahead.Enqueue(Task.Run(() => ReadSegmentAsync(i, cts.Token), CancellationToken.None));
                }

                var (buffer, segLength) = await ahead.Dequeue().ConfigureAwait(false);
                try
                {
                    var segStart = m.SegmentOffset(index);
                    var from = (int)Math.Max(0, offset - segStart);
                    var to = (int)Math.Min(segLength, offset + length - segStart);
                    if (hasher is not null)
                    {
                        hasher.Update(buffer.AsSpan(0, segLength));
                        if (index == last && hasher.Finish() is var actual && actual != m.Object)
                        {
                            throw new ErasureIntegrityException(m.Object, actual);
                        }
                    }

                    yield return buffer.AsMemory(from, to - from);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        finally
        {
            await cts.CancelAsync().ConfigureAwait(false);
            while (ahead.Count > 0)
            {
                try
                {
                    var (buffer, _) = await ahead.Dequeue().ConfigureAwait(false);
                    ArrayPool<byte>.Shared.Return(buffer);
                }
#pragma warning disable CA1031 // read-ahead of segments nobody will consume: their failure no longer matters
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }
    }

    /// <summary>Gathers, verifies and (when needed) decodes segment <paramref name="index"/>; the segment is the buffer's first bytes.</summary>
    internal async Task<(byte[] Buffer, int Length)> ReadSegmentAsync(int index, CancellationToken ct)
    {
        var seg = _manifest.Segments[index];
        var layout = seg.Layout(_manifest);
        var s = layout.ShardSize;
        var buffer = ArrayPool<byte>.Shared.Rent(checked((int)layout.StoredLength));
        try
        {
            var fetcher = new SegmentFetcher(_ctx, _manifest, seg, buffer, s);
            var present = await fetcher.FetchAsync(ct).ConfigureAwait(false);
            if (present.AsSpan(0, _manifest.DataShards).Contains(false))
            {
                var shards = new Memory<byte>[_manifest.TotalShards];
                for (var i = 0; i < shards.Length; i++)
                {
                    shards[i] = buffer.AsMemory(i * s, s);
                }

                _ctx.Codec(_manifest.DataShards, _manifest.ParityShards).ReconstructData(shards, present);
                _ctx.Metrics.SegmentDecoded();
            }

            return (buffer, seg.Length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
