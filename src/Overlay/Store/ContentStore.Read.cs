using System.Buffers;
using Microsoft.Win32.SafeHandles;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Store;

public sealed partial class ContentStore
{
    private const int FallbackChunk = 1 << 20;

    /// <inheritdoc />
    public async ValueTask<ContentReader?> OpenReadAsync(ContentId id, long offset, long? length, CancellationToken ct)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(BlobPath(id), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            var (size, hashes) = await LoadBlockHashesAsync(id, handle, ct).ConfigureAwait(false);
            var rangeLength = RangeCheck.Resolve(offset, length, size);
            return new ContentReader(id, size, offset, rangeLength, hashes, new FileBlockSource(handle), ReportCorruption);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private async ValueTask<(long Size, byte[] Hashes)> LoadBlockHashesAsync(ContentId id, SafeFileHandle handle, CancellationToken ct)
    {
        var fileLength = RandomAccess.GetLength(handle);
        if (fileLength <= StoreLayout.BlockSize)
        {
            // One block: its hash is the object's hash, i.e. the address itself. No outboard read
            // is needed (a blob of the wrong length still fails verification of that block).
            return (fileLength, fileLength == 0 ? [] : id.Digest.ToArray());
        }

        byte[]? outboard = null;
        try
        {
            outboard = await File.ReadAllBytesAsync(OutboardPath(id), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // missing: fall back to hashing the whole object below
        }

        if (outboard is not null && Outboard.TryDecode(outboard, id, out var size, out var hashes))
        {
            if (size != fileLength)
            {
                throw Corrupt(id, Math.Min(size, fileLength), $"blob holds {fileLength} bytes but the object has {size}");
            }

            return (size, hashes);
        }

        return await HashWholeObjectAsync(id, handle, fileLength, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Without a trustworthy outboard, the object is hashed once in full before any byte is
    /// served; the block hashes computed on the way then protect the actual reads.
    /// </summary>
    private async ValueTask<(long Size, byte[] Hashes)> HashWholeObjectAsync(ContentId id, SafeFileHandle handle, long fileLength, CancellationToken ct)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(FallbackChunk);
        try
        {
            using var whole = new ContentHasher();
            using var blocks = new BlockHashBuilder();
            long pos = 0;
            while (pos < fileLength)
            {
                var n = await RandomAccess.ReadAsync(handle, chunk.AsMemory(0, (int)Math.Min(FallbackChunk, fileLength - pos)), pos, ct).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                whole.Update(chunk.AsSpan(0, n));
                blocks.Append(chunk.AsSpan(0, n));
                pos += n;
            }

            if (whole.Finish() != id)
            {
                throw Corrupt(id, 0, "object does not hash to its address (outboard missing or damaged)");
            }

            var hashes = blocks.Finish();
            try
            {
                RepairOutboard(id, pos, hashes);
            }
            catch (IOException)
            {
                // best effort: the next read falls back again
            }

            return (pos, hashes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private CorruptObjectException Corrupt(ContentId id, long offset, string reason)
    {
        var e = new CorruptObjectException(id, offset, reason);
        ReportCorruption(e);
        return e;
    }
}
