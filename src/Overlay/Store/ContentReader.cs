using System.Buffers;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Store;

/// <summary>
/// Reads a range of a stored object and hands out only verified bytes: each 256 KiB block is read
/// whole into a pooled buffer and checked against its hash before any of it is returned; a read
/// of the whole object also checks the object's BLAKE3 against its address before the last block
/// is released.
/// </summary>
public sealed class ContentReader : IAsyncDisposable, IDisposable
{
    private readonly BlockSource _source;
    private readonly byte[] _blockHashes;
    private readonly long _objectSize;
    private readonly Action<CorruptObjectException> _onCorrupt;
    private ContentHasher? _whole;
    private byte[]? _buffer;
    private int _pendingStart;
    private int _pendingEnd;
    private long _position;
    private CorruptObjectException? _fault;
    private bool _disposed;

    internal ContentReader(
        ContentId address, long objectSize, long offset, long length, byte[] blockHashes, BlockSource source, Action<CorruptObjectException> onCorrupt)
    {
        Address = address;
        Offset = offset;
        Length = length;
        _objectSize = objectSize;
        _blockHashes = blockHashes;
        _source = source;
        _onCorrupt = onCorrupt;
        if (offset == 0 && length == objectSize && objectSize > 0)
        {
            _whole = new ContentHasher();
        }
    }

    /// <summary>The object's address.</summary>
    public ContentId Address { get; }

    /// <summary>First byte of the range within the object.</summary>
    public long Offset { get; }

    /// <summary>Bytes in the range.</summary>
    public long Length { get; }

    /// <summary>Bytes handed out so far.</summary>
    public long Position => _position;

    /// <summary>
    /// Copies verified bytes into <paramref name="buffer"/>; returns 0 at the end of the range.
    /// </summary>
    /// <exception cref="CorruptObjectException">The next block failed verification (and every later call throws too).</exception>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct)
    {
        if (_fault is not null)
        {
            throw _fault;
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_position >= Length || buffer.IsEmpty)
        {
            return 0;
        }

        if (_pendingStart == _pendingEnd)
        {
            await LoadNextBlockAsync(ct).ConfigureAwait(false);
        }

        var n = Math.Min(buffer.Length, _pendingEnd - _pendingStart);
        _buffer.AsSpan(_pendingStart, n).CopyTo(buffer.Span);
        _pendingStart += n;
        _position += n;
        if (_position == Length)
        {
            ReleaseBuffer();
        }

        return n;
    }

    /// <summary>Reads the whole remaining range and writes it to <paramref name="destination"/>.</summary>
    public async ValueTask CopyToAsync(Stream destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var chunk = ArrayPool<byte>.Shared.Rent(StoreLayout.BlockSize);
        try
        {
            int n;
            while ((n = await ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(chunk.AsMemory(0, n), ct).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        ReleaseBuffer();
        _whole?.Dispose();
        _whole = null;
        _source.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async ValueTask LoadNextBlockAsync(CancellationToken ct)
    {
        var absolute = Offset + _position;
        var block = absolute / StoreLayout.BlockSize;
        var blockStart = block * StoreLayout.BlockSize;
        var blockLength = (int)Math.Min(StoreLayout.BlockSize, _objectSize - blockStart);
        _buffer ??= ArrayPool<byte>.Shared.Rent(StoreLayout.BlockSize);
        var read = await _source.ReadAsync(blockStart, _buffer.AsMemory(0, blockLength), ct).ConfigureAwait(false);
        if (read != blockLength)
        {
            Fail(blockStart, $"block {block} is truncated ({read} of {blockLength} bytes)");
        }

        Span<byte> hash = stackalloc byte[StoreLayout.HashLength];
        Blake3.Hasher.Hash(_buffer.AsSpan(0, blockLength), hash);
        if (!hash.SequenceEqual(_blockHashes.AsSpan((int)block * StoreLayout.HashLength, StoreLayout.HashLength)))
        {
            Fail(blockStart, $"block {block} does not match its hash");
        }

        if (_whole is not null)
        {
            _whole.Update(_buffer.AsSpan(0, blockLength));
            if (blockStart + blockLength == _objectSize && _whole.Finish() != Address)
            {
                // Blocks matched the outboard but the whole does not match the address: the
                // outboard itself is forged; refuse the last block.
                Fail(blockStart, "object does not hash to its address");
            }
        }

        _pendingStart = (int)(absolute - blockStart);
        _pendingEnd = (int)Math.Min(blockLength, Offset + Length - blockStart);
    }

    private void Fail(long offset, string reason)
    {
        _fault = new CorruptObjectException(Address, offset, reason);
        ReleaseBuffer();
        _onCorrupt(_fault);
        throw _fault;
    }

    private void ReleaseBuffer()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        _pendingStart = _pendingEnd = 0;
    }
}
