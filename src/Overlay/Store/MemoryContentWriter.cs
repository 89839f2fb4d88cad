using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Store;

/// <summary>Collects a PUT in memory for <see cref="MemoryContentStore"/>.</summary>
internal sealed class MemoryContentWriter : ContentWriter
{
    private readonly MemoryContentStore _store;
    private MemoryStream? _buffer;

    public MemoryContentWriter(MemoryContentStore store, ContentId? expected, long? declaredSize)
        : base(expected, declaredSize, store.MaxObjectBytes)
    {
        _store = store;
        _buffer = new MemoryStream((int)Math.Min(declaredSize ?? 0, 1 << 20));
    }

    private protected override ValueTask WriteCoreAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        _buffer!.Write(data.Span);
        return ValueTask.CompletedTask;
    }

    private protected override ValueTask<PutResult> CommitCoreAsync(ContentId addr, long size, byte[] blockHashes, CancellationToken ct)
    {
        var data = _buffer!.ToArray();
        _buffer = null;
        return ValueTask.FromResult(_store.Commit(addr, data, blockHashes));
    }

    private protected override ValueTask AbortCoreAsync()
    {
        _buffer = null;
        return ValueTask.CompletedTask;
    }
}
