namespace RustyOnions.Proto.Content;

/// <summary>
/// Incremental BLAKE3 over a stream of chunks; feed it as large spans as you have
/// (the BLAKE3 implementation is fastest with 1 MiB updates).
/// </summary>
public sealed class ContentHasher : IDisposable
{
    private Blake3.Hasher _hasher = Blake3.Hasher.New();
    private bool _disposed;

    /// <summary>Bytes hashed so far.</summary>
    public long Length { get; private set; }

    /// <summary>Adds bytes to the hash.</summary>
    public void Update(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _hasher.Update(data);
        Length += data.Length;
    }

    /// <summary>Finishes and returns the content id of everything fed so far.</summary>
    public ContentId Finish()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> digest = stackalloc byte[ContentId.DigestLength];
        _hasher.Finalize(digest);
        return ContentId.FromDigest(digest);
    }

    /// <summary>Starts over.</summary>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _hasher.Reset();
        Length = 0;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _hasher.Dispose();
        }
    }
}
