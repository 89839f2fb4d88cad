using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Store;

/// <summary>
/// One PUT in progress: bytes are hashed as they arrive (whole object and 256 KiB blocks) and
/// become visible only on <see cref="CommitAsync"/>. Disposing without committing aborts and
/// stores nothing.
/// </summary>
public abstract class ContentWriter : IAsyncDisposable
{
    private readonly ContentHasher _hasher = new();
    private readonly BlockHashBuilder _blocks = new();
    private readonly ContentId? _expected;
    private readonly long? _declaredSize;
    private readonly long _maxBytes;
    private bool _finished;
    private bool _disposed;

    private protected ContentWriter(ContentId? expected, long? declaredSize, long maxBytes)
    {
        if (declaredSize is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(declaredSize), declaredSize, "declared size must not be negative");
        }

        if (declaredSize > maxBytes)
        {
            throw new ObjectTooLargeException(declaredSize.Value, maxBytes);
        }

        _expected = expected;
        _declaredSize = declaredSize;
        _maxBytes = maxBytes;
    }

    /// <summary>Bytes received so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Appends bytes. Feed large spans: hashing is fastest with 1 MiB chunks.</summary>
    /// <exception cref="ObjectTooLargeException">The object grew past the store limit (the PUT is aborted).</exception>
    /// <exception cref="SizeMismatchException">More bytes than declared (the PUT is aborted).</exception>
    /// <remarks>Any failure (I/O, cancellation) aborts the PUT; later calls throw <see cref="InvalidOperationException"/>.</remarks>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        ThrowIfFinished();
        var total = BytesWritten + data.Length;
        if (total > _maxBytes)
        {
            await AbortAsync().ConfigureAwait(false);
            throw new ObjectTooLargeException(total, _maxBytes);
        }

        if (total > _declaredSize)
        {
            await AbortAsync().ConfigureAwait(false);
            throw new SizeMismatchException(_declaredSize.Value, total);
        }

        _hasher.Update(data.Span);
        _blocks.Append(data.Span);
        try
        {
            await WriteCoreAsync(data, ct).ConfigureAwait(false);
        }
        catch
        {
            // The hashes already include these bytes: the PUT can no longer commit truthfully.
            await AbortAsync().ConfigureAwait(false);
            throw;
        }

        BytesWritten = total;
    }

    /// <summary>Makes the object visible (atomically) and returns its address.</summary>
    /// <exception cref="AddressMismatchException">The bytes do not hash to the expected address; nothing stored.</exception>
    /// <exception cref="SizeMismatchException">Fewer bytes than declared; nothing stored.</exception>
    public async ValueTask<PutResult> CommitAsync(CancellationToken ct)
    {
        ThrowIfFinished();
        if (_declaredSize is { } declared && declared != BytesWritten)
        {
            await AbortAsync().ConfigureAwait(false);
            throw new SizeMismatchException(declared, BytesWritten);
        }

        var addr = _hasher.Finish();
        if (_expected is { } expected && expected != addr)
        {
            await AbortAsync().ConfigureAwait(false);
            throw new AddressMismatchException(expected, addr);
        }

        _finished = true;
        try
        {
            return await CommitCoreAsync(addr, BytesWritten, _blocks.Finish(), ct).ConfigureAwait(false);
        }
        catch
        {
            await AbortCoreAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Aborts the PUT unless it was committed; releases resources.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_finished)
        {
            await AbortAsync().ConfigureAwait(false);
        }

        _hasher.Dispose();
        _blocks.Dispose();
        GC.SuppressFinalize(this);
    }

    private protected abstract ValueTask WriteCoreAsync(ReadOnlyMemory<byte> data, CancellationToken ct);

    private protected abstract ValueTask<PutResult> CommitCoreAsync(ContentId addr, long size, byte[] blockHashes, CancellationToken ct);

    /// <summary>Discards everything received; must be idempotent and never throw.</summary>
    private protected abstract ValueTask AbortCoreAsync();

    private async ValueTask AbortAsync()
    {
        _finished = true;
        await AbortCoreAsync().ConfigureAwait(false);
    }

    private void ThrowIfFinished()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished)
        {
            throw new InvalidOperationException("this PUT was already committed or aborted");
        }
    }
}
