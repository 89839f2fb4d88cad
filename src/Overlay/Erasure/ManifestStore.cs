using System.Collections.Concurrent;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Erasure;

/// <summary>
/// Manifests stored under their object's address: <c>&lt;root&gt;/&lt;hex[0..2]&gt;/&lt;hex&gt;</c> holds the
/// manifest bytes (self-checking: they name the object and end in a BLAKE3 trailer), written through a
/// temp file, fsync and rename. With a null root (amnesia) they live in memory only.
/// </summary>
public sealed class ManifestStore
{
    private readonly string? _root;
    private readonly ConcurrentDictionary<ContentId, ObjectManifest> _cache = new();

    private ManifestStore(string? root) => _root = root;

    /// <summary>Manifests that failed their check when read (and were dropped).</summary>
    public long Corruptions => Interlocked.Read(ref _corruptions);

    private long _corruptions;

    /// <summary>Opens (creating) the store under <paramref name="root"/>, or a memory-only one when null.</summary>
    public static ManifestStore Open(string? root)
    {
        var store = new ManifestStore(root);
        if (root is null)
        {
            return store;
        }

        Directory.CreateDirectory(root);
        foreach (var tmp in Directory.EnumerateFiles(root, "*.tmp", SearchOption.AllDirectories))
        {
            File.Delete(tmp); // an interrupted write, never visible
        }

        return store;
    }

    /// <summary>True when a manifest for <paramref name="obj"/> is stored here.</summary>
    public bool Contains(ContentId obj) => _cache.ContainsKey(obj) || (_root is not null && File.Exists(PathOf(obj)));

    /// <summary>The manifest of <paramref name="obj"/>, or null when absent (a damaged file is dropped and counted).</summary>
    public async ValueTask<ObjectManifest?> GetAsync(ContentId obj, CancellationToken ct)
    {
        if (_cache.TryGetValue(obj, out var cached))
        {
            return cached;
        }

        if (_root is null || !File.Exists(PathOf(obj)))
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(PathOf(obj), ct).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        try
        {
            var m = ObjectManifest.Decode(bytes);
            if (m.Object != obj)
            {
                throw new ManifestFormatException($"manifest stored under {obj} names {m.Object}");
            }

            return _cache.GetOrAdd(obj, m);
        }
        catch (ManifestFormatException)
        {
            Interlocked.Increment(ref _corruptions);
            File.Delete(PathOf(obj));
            return null;
        }
    }

    /// <summary>Stores a manifest durably (a no-op when present).</summary>
    public async ValueTask PutAsync(ObjectManifest manifest, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (_root is not null && !File.Exists(PathOf(manifest.Object)))
        {
            var path = PathOf(manifest.Object);
            var dir = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(dir);
            var tmp = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".tmp");
            var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(manifest.Encode(), ct).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(tmp, path, overwrite: true);
            DirectorySync.Fsync(dir);
        }

        _cache[manifest.Object] = manifest;
    }

    /// <summary>Every object with a manifest here.</summary>
    public IReadOnlyList<ContentId> List()
    {
        var set = new HashSet<ContentId>(_cache.Keys);
        if (_root is not null)
        {
            foreach (var f in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
            {
                var name = Path.GetFileName(f);
                if (name.Length == 64 && ContentId.TryParse(ContentId.Prefix + name, out var id, out _))
                {
                    set.Add(id);
                }
            }
        }

        return [.. set];
    }

    private string PathOf(ContentId obj) => Path.Combine(_root!, obj.Hex[..2], obj.Hex);
}
