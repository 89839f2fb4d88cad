using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Store;

/// <summary>
/// The on-disk content store: blobs at <c>&lt;root&gt;/blobs/&lt;hex[0..2]&gt;/&lt;hex[2..4]&gt;/&lt;hex&gt;</c>,
/// each with a <c>&lt;hex&gt;.b3o</c> outboard of block hashes, written through <c>&lt;root&gt;/tmp/</c>
/// with fsync and rename so a crash never leaves a half-visible object.
/// </summary>
public sealed partial class ContentStore : IContentStore
{
    private const string OutboardExtension = ".b3o";
    private const int LockStripes = 64;

    private readonly ConcurrentDictionary<ContentId, long> _index = new();
    private readonly object[] _locks;
    private long _objectCount;
    private long _totalBytes;
    private long _corruptions;

    private ContentStore(ContentStoreOpts opts)
    {
        Opts = opts;
        Root = Path.GetFullPath(opts.Root);
        BlobsDir = Path.Combine(Root, "blobs");
        TmpDir = Path.Combine(Root, "tmp");
        _locks = new object[LockStripes];
        for (var i = 0; i < _locks.Length; i++)
        {
            _locks[i] = new object();
        }
    }

    /// <inheritdoc />
    public event EventHandler<CorruptObjectException>? CorruptionDetected;

    /// <summary>The options the store was opened with.</summary>
    public ContentStoreOpts Opts { get; }

    /// <summary>Absolute root directory.</summary>
    public string Root { get; }

    /// <inheritdoc />
    public long ObjectCount => Interlocked.Read(ref _objectCount);

    /// <inheritdoc />
    public long TotalBytes => Interlocked.Read(ref _totalBytes);

    /// <inheritdoc />
    public long Corruptions => Interlocked.Read(ref _corruptions);

    internal string BlobsDir { get; }

    internal string TmpDir { get; }

    /// <summary>
    /// Opens (creating if needed) the store under <see cref="ContentStoreOpts.Root"/>: sweeps
    /// leftover temp files and orphan outboards, then counts the objects present.
    /// </summary>
    public static ContentStore Open(ContentStoreOpts opts)
    {
        ArgumentNullException.ThrowIfNull(opts);
        opts.Validate();
        var store = new ContentStore(opts);
        Directory.CreateDirectory(store.BlobsDir);
        Directory.CreateDirectory(store.TmpDir);
        foreach (var leftover in Directory.EnumerateFiles(store.TmpDir))
        {
            File.Delete(leftover); // a PUT that never committed: invisible by construction, safe to drop
        }

        store.Scan();
        return store;
    }

    /// <summary>Full path of an object's blob file (whether or not it exists).</summary>
    public string BlobPath(ContentId id)
    {
        var hex = id.Hex;
        return Path.Combine(BlobsDir, hex[..2], hex[2..4], hex);
    }

    /// <summary>Full path of an object's outboard file (whether or not it exists).</summary>
    public string OutboardPath(ContentId id) => BlobPath(id) + OutboardExtension;

    /// <inheritdoc />
    public ValueTask<ContentWriter> BeginWriteAsync(ContentId? expected, long? declaredSize, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return ValueTask.FromResult<ContentWriter>(new FileContentWriter(this, expected, declaredSize));
    }

    /// <inheritdoc />
    public ValueTask<ObjectInfo?> StatAsync(ContentId id, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return ValueTask.FromResult<ObjectInfo?>(_index.TryGetValue(id, out var size) ? new ObjectInfo(id, size) : null);
    }

    /// <inheritdoc />
    public bool Contains(ContentId id) => _index.ContainsKey(id);

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(ContentId id, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var blob = BlobPath(id);
        lock (LockFor(id))
        {
            var existed = File.Exists(blob);
            if (existed)
            {
                // Blob first: a crash in between leaves an orphan outboard, which Open sweeps;
                // never a visible blob without its outboard.
                File.Delete(blob);
                SyncDirectory(Path.GetDirectoryName(blob)!);
            }

            File.Delete(OutboardPath(id));
            if (_index.TryRemove(id, out var size))
            {
                Interlocked.Decrement(ref _objectCount);
                Interlocked.Add(ref _totalBytes, -size);
            }

            return ValueTask.FromResult(existed);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ContentId> ListAsync([EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var id in _index.Keys)
        {
            ct.ThrowIfCancellationRequested();
            yield return id;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    internal string NewTempPath() => Path.Combine(TmpDir, Guid.NewGuid().ToString("N") + ".part");

    internal void SyncDirectory(string directory)
    {
        if (Opts.FsyncEnabled)
        {
            DirectorySync.Fsync(directory);
        }
    }

    private object LockFor(ContentId id) => _locks[(id.Digest[0] | (id.Digest[1] << 8)) % LockStripes];

    private void ReportCorruption(CorruptObjectException e)
    {
        Interlocked.Increment(ref _corruptions);
        CorruptionDetected?.Invoke(this, e);
    }

    private void Scan()
    {
        foreach (var path in Directory.EnumerateFiles(BlobsDir, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(OutboardExtension, StringComparison.Ordinal))
            {
                if (!File.Exists(path[..^OutboardExtension.Length]))
                {
                    File.Delete(path); // left by a crash between outboard and blob rename, or by a delete
                }

                continue;
            }

            if (name.Length == ContentId.DigestLength * 2 && ContentId.TryParse(ContentId.Prefix + name, out var id, out _)
                && _index.TryAdd(id, new FileInfo(path).Length))
            {
                _objectCount++;
                _totalBytes += _index[id];
            }
        }
    }
}
