namespace RustyOnions.Overlay.Store;

/// <summary>Where a <see cref="ContentReader"/> gets raw (unverified) bytes from.</summary>
internal abstract class BlockSource : IDisposable
{
    /// <summary>Reads up to <paramref name="dest"/>.Length bytes at <paramref name="offset"/>; fewer only at end of data.</summary>
    public abstract ValueTask<int> ReadAsync(long offset, Memory<byte> dest, CancellationToken ct);

    public virtual void Dispose()
    {
    }
}
