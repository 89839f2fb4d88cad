using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Store;

/// <summary>
/// The amnesia-mode content store: no file I/O at all, same semantics and verification as
/// <see cref="ContentStore"/>; everything is gone when the process ends.
/// </summary>
public sealed class MemoryContentStore : IContentStore, IDisposable
{
    private readonly ConcurrentDictionary<ContentId, MemoryObject> _objects = new();
    private long _objectCount;
    private long _totalBytes;
    private long _corruptions;

    /// <summary>Creates an empty store accepting objects up to <paramref name="maxObjectBytes"/>.</summary>
    public MemoryContentStore(long maxObjectBytes = 256L << 20)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxObjectBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxObjectBytes, Array.MaxLength);
        MaxObjectBytes = maxObjectBytes;
    }

    /// <inheritdoc />
    public event EventHandler<CorruptObjectException>? CorruptionDetected;

    /// <summary>Largest object accepted.</summary>
    public long MaxObjectBytes { get; }

    /// <inheritdoc />
    public long ObjectCount => Interlocked.Read(ref _objectCount);

    /// <inheritdoc />
    public long TotalBytes => Interlocked.Read(ref _totalBytes);

    /// <inheritdoc />
    public long Corruptions => Interlocked.Read(ref _corruptions);

    /// <inheritdoc />
    public ValueTask<ContentWriter> BeginWriteAsync(ContentId? expected, long? declaredSize, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return ValueTask.FromResult<ContentWriter>(new MemoryContentWriter(this, expected, declaredSize));
    }

    /// <inheritdoc />
    public ValueTask<ObjectInfo?> StatAsync(ContentId id, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return ValueTask.FromResult<ObjectInfo?>(_objects.TryGetValue(id, out var o) ? new ObjectInfo(id, o.Data.Length) : null);
    }

    /// <inheritdoc />
    public bool Contains(ContentId id) => _objects.ContainsKey(id);

    /// <inheritdoc />
    public ValueTask<ContentReader?> OpenReadAsync(ContentId id, long offset, long? length, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (!_objects.TryGetValue(id, out var o))
        {
            return ValueTask.FromResult<ContentReader?>(null);
        }

        var rangeLength = RangeCheck.Resolve(offset, length, o.Data.Length);
        return ValueTask.FromResult<ContentReader?>(
            new ContentReader(id, o.Data.Length, offset, rangeLength, o.BlockHashes, new MemoryBlockSource(o.Data), ReportCorruption));
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(ContentId id, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (!_objects.TryRemove(id, out var o))
        {
            return ValueTask.FromResult(false);
        }

        Interlocked.Decrement(ref _objectCount);
        Interlocked.Add(ref _totalBytes, -o.Data.Length);
        return ValueTask.FromResult(true);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ContentId> ListAsync([EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var id in _objects.Keys)
        {
            ct.ThrowIfCancellationRequested();
            yield return id;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Zeroes every object's bytes and forgets them (amnesia: content must not linger in freed memory).</summary>
    public void Dispose()
    {
        foreach (var id in _objects.Keys)
        {
            if (_objects.TryRemove(id, out var o))
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(o.Data);
            }
        }

        Interlocked.Exchange(ref _objectCount, 0);
        Interlocked.Exchange(ref _totalBytes, 0);
    }

    /// <summary>Test hook: the stored bytes of an object, to simulate memory corruption.</summary>
    internal byte[]? RawBytes(ContentId id) => _objects.TryGetValue(id, out var o) ? o.Data : null;

    internal PutResult Commit(ContentId addr, byte[] data, byte[] blockHashes)
    {
        if (_objects.TryAdd(addr, new MemoryObject(data, blockHashes)))
        {
            Interlocked.Increment(ref _objectCount);
            Interlocked.Add(ref _totalBytes, data.Length);
            return new PutResult(addr, data.Length, AlreadyExisted: false);
        }

        return new PutResult(addr, data.Length, AlreadyExisted: true);
    }

    private void ReportCorruption(CorruptObjectException e)
    {
        Interlocked.Increment(ref _corruptions);
        CorruptionDetected?.Invoke(this, e);
    }

    private sealed record MemoryObject(byte[] Data, byte[] BlockHashes);
}
