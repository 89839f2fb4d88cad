using System.Runtime.CompilerServices;
using RustyOnions.Bridges.Ipfs.Multiformats;

namespace RustyOnions.Bridges.Ipfs.UnixFs;

/// <summary>Streams the bytes of a UnixFS file (whole or a range) from its root CID and a block source, verifying every
/// block (see <see cref="UnixFsWalker"/> for the bounds). Only the blocks overlapping the range are fetched.</summary>
public static class UnixFsReader
{
    /// <summary>Yields the file bytes of [<paramref name="offset"/>, offset + <paramref name="length"/>) in order.
    /// The yielded memory is the block source's; copy it to retain it.</summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(
        Cid root,
        Func<Cid, CancellationToken, ValueTask<ReadOnlyMemory<byte>>> blockSource,
        long offset = 0,
        long? length = null,
        IpfsLimits? limits = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is { } l)
            ArgumentOutOfRangeException.ThrowIfNegative(l);
        if (length == 0)
            yield break;
        var range = new EntityBytesRange(offset, length is { } len ? offset + len - 1 : null);
        long start = offset, end = length is { } n ? offset + n : long.MaxValue;
        await foreach (var item in UnixFsWalker.WalkAsync(root, blockSource, range, limits, cancellationToken).ConfigureAwait(false))
        {
            var bytes = item.FileBytes;
            long from = Math.Max(start, item.FileOffset);
            long to = Math.Min(end, item.FileOffset + bytes.Length);
            if (from < to)
                yield return bytes.Slice((int)(from - item.FileOffset), (int)(to - from));
        }
    }

    /// <summary>Copies the file bytes (or a range) to <paramref name="destination"/>; returns the bytes written.</summary>
    public static async ValueTask<long> CopyToAsync(
        Cid root,
        Func<Cid, CancellationToken, ValueTask<ReadOnlyMemory<byte>>> blockSource,
        Stream destination,
        long offset = 0,
        long? length = null,
        IpfsLimits? limits = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        long written = 0;
        await foreach (var chunk in ReadAsync(root, blockSource, offset, length, limits, cancellationToken).ConfigureAwait(false))
        {
            await destination.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            written += chunk.Length;
        }
        return written;
    }
}
