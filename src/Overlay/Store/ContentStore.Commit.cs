using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Store;

public sealed partial class ContentStore
{
    /// <summary>Moves a fully written, fsynced temp blob into place with its outboard.</summary>
    internal PutResult CommitFile(string tempBlob, ContentId addr, long size, byte[] blockHashes)
    {
        var blob = BlobPath(addr);
        var shardDir = Path.GetDirectoryName(blob)!;
        lock (LockFor(addr))
        {
            if (File.Exists(blob))
            {
                File.Delete(tempBlob);
                TrackAdded(addr, size);
                return new PutResult(addr, size, AlreadyExisted: true);
            }

            EnsureShardDirectory(shardDir);

            // An object of one block needs no outboard: its only block hash is its address.
            if (size > StoreLayout.BlockSize)
            {
                var tempOutboard = NewTempPath();
                using (var fs = new FileStream(tempOutboard, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
                {
                    fs.Write(Outboard.Encode(addr, size, blockHashes));
                    if (Opts.FsyncEnabled)
                    {
                        fs.Flush(flushToDisk: true);
                    }
                }

                // Outboard durable before the blob's name appears: a visible blob always has one.
                File.Move(tempOutboard, blob + OutboardExtension, overwrite: true);
                SyncDirectory(shardDir);
            }

            File.Move(tempBlob, blob, overwrite: false);
            SyncDirectory(shardDir);
            TrackAdded(addr, size);
            return new PutResult(addr, size, AlreadyExisted: false);
        }
    }

    /// <summary>Rewrites a missing or damaged outboard from hashes just verified against the address.</summary>
    private void RepairOutboard(ContentId addr, long size, byte[] blockHashes)
    {
        lock (LockFor(addr))
        {
            var blob = BlobPath(addr);
            if (!File.Exists(blob))
            {
                return;
            }

            var tempOutboard = NewTempPath();
            using (var fs = new FileStream(tempOutboard, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                fs.Write(Outboard.Encode(addr, size, blockHashes));
                if (Opts.FsyncEnabled)
                {
                    fs.Flush(flushToDisk: true);
                }
            }

            File.Move(tempOutboard, blob + OutboardExtension, overwrite: true);
            SyncDirectory(Path.GetDirectoryName(blob)!);
        }
    }

    private void EnsureShardDirectory(string shardDir)
    {
        if (Directory.Exists(shardDir))
        {
            return;
        }

        Directory.CreateDirectory(shardDir);

        // New directory entries are durable only once their parents are synced.
        var parent = Path.GetDirectoryName(shardDir)!;
        SyncDirectory(parent);
        SyncDirectory(BlobsDir);
    }

    private void TrackAdded(ContentId addr, long size)
    {
        if (_index.TryAdd(addr, size))
        {
            Interlocked.Increment(ref _objectCount);
            Interlocked.Add(ref _totalBytes, size);
        }
    }
}
