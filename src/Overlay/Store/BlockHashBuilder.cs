namespace RustyOnions.Overlay.Store;

/// <summary>Computes the BLAKE3 hash of every 256 KiB block of a stream of chunks.</summary>
internal sealed class BlockHashBuilder : IDisposable
{
    private readonly Blake3.Hasher _partial = Blake3.Hasher.New();
    private byte[] _hashes = new byte[StoreLayout.HashLength * 4];
    private int _count;
    private int _inBlock;

    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var take = Math.Min(data.Length, StoreLayout.BlockSize - _inBlock);
            if (_inBlock == 0 && take == StoreLayout.BlockSize)
            {
                // Whole block in one span: one-shot hashing is faster than the incremental path.
                Blake3.Hasher.Hash(data[..take], NextSlot());
            }
            else
            {
                _partial.Update(data[..take]);
                _inBlock += take;
                if (_inBlock == StoreLayout.BlockSize)
                {
                    FlushPartial();
                }
            }

            data = data[take..];
        }
    }

    /// <summary>Finishes the last (short) block and returns the concatenated block hashes.</summary>
    public byte[] Finish()
    {
        if (_inBlock > 0)
        {
            FlushPartial();
        }

        return _hashes.AsSpan(0, _count * StoreLayout.HashLength).ToArray();
    }

    public void Dispose() => _partial.Dispose();

    private void FlushPartial()
    {
        _partial.Finalize(NextSlot());
        _partial.Reset();
        _inBlock = 0;
    }

    private Span<byte> NextSlot()
    {
        var needed = (_count + 1) * StoreLayout.HashLength;
        if (needed > _hashes.Length)
        {
            Array.Resize(ref _hashes, _hashes.Length * 2);
        }

        _count++;
        return _hashes.AsSpan(needed - StoreLayout.HashLength, StoreLayout.HashLength);
    }
}
