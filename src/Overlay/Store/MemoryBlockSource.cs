namespace RustyOnions.Overlay.Store;

internal sealed class MemoryBlockSource(byte[] data) : BlockSource
{
    public override ValueTask<int> ReadAsync(long offset, Memory<byte> dest, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var n = (int)Math.Clamp(data.Length - offset, 0, dest.Length);
        data.AsSpan((int)offset, n).CopyTo(dest.Span);
        return ValueTask.FromResult(n);
    }
}
