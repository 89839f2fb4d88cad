using RustyOnions.Proto.Content;

namespace RustyOnions.Index.Mapping;

/// <summary>An <see cref="ICidMap"/> in memory (amnesia mode, tests). Thread-safe.</summary>
public sealed class MemoryCidMap : ICidMap
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CidMapEntry> _roots = new(StringComparer.Ordinal);
    private readonly Dictionary<ContentId, CidMapEntry> _byAddr = [];
    private readonly Dictionary<string, string> _blocks = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _roots.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask PutAsync(CidMapEntry entry, IReadOnlyCollection<ReadOnlyMemory<byte>>? blockCids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        CidMapValidation.Check(entry);
        var root = Key(entry.Cid);
        lock (_gate)
        {
            _roots.TryAdd(root, entry with { Cid = entry.Cid.ToArray() });
            _byAddr.TryAdd(entry.Addr, _roots[root]);
            foreach (var b in blockCids ?? [])
            {
                _blocks.TryAdd(Key(b), root);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<CidMapEntry?> TryGetByCidAsync(ReadOnlyMemory<byte> cid, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_roots.GetValueOrDefault(Key(cid)));
        }
    }

    /// <inheritdoc />
    public ValueTask<CidMapEntry?> TryGetByAddrAsync(ContentId addr, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_byAddr.GetValueOrDefault(addr));
        }
    }

    /// <inheritdoc />
    public ValueTask<CidMapEntry?> TryGetByBlockAsync(ReadOnlyMemory<byte> blockCid, CancellationToken cancellationToken)
    {
        var key = Key(blockCid);
        lock (_gate)
        {
            if (_roots.TryGetValue(key, out var direct))
            {
                return ValueTask.FromResult<CidMapEntry?>(direct);
            }

            return ValueTask.FromResult(_blocks.TryGetValue(key, out var root) ? _roots.GetValueOrDefault(root) : null);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static string Key(ReadOnlyMemory<byte> cid) => Convert.ToHexString(cid.Span);
}
