using System.Runtime.CompilerServices;
using RustyOnions.Bridges.Ipfs.Multiformats;

namespace RustyOnions.Bridges.Ipfs.Car;

/// <summary>Reads a CARv1 from a stream, one section at a time, verifying every block against its CID
/// (sha2-256, blake3, identity). Bounded by <see cref="IpfsLimits"/>: header size, roots, block size.
/// Truncation anywhere except between sections is an <see cref="IpfsFormatException"/>.</summary>
public sealed class CarReader
{
    private readonly Stream _source;
    private readonly IpfsLimits _limits;
    private long _position;

    private CarReader(Stream source, IpfsLimits limits, IReadOnlyList<Cid> roots, long position)
    {
        _source = source;
        _limits = limits;
        Roots = roots;
        _position = position;
    }

    /// <summary>The roots listed in the header.</summary>
    public IReadOnlyList<Cid> Roots { get; }

    /// <summary>Reads and validates the header.</summary>
    /// <exception cref="IpfsFormatException">Not a CARv1 header (CARv2 included), truncated.</exception>
    /// <exception cref="IpfsLimitException">Header or roots beyond the limits.</exception>
    public static async ValueTask<CarReader> OpenAsync(Stream source, IpfsLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        limits = (limits ?? IpfsLimits.Default).Validate();
        var (len, n) = await ReadVarintAsync(source, 0, "CAR header length", cancellationToken).ConfigureAwait(false)
            ?? throw new IpfsFormatException("CAR: empty input (no header)");
        if (len == 0 || len > (ulong)limits.MaxCarHeaderSize)
            throw new IpfsLimitException($"CAR header length {len} is outside 1..{limits.MaxCarHeaderSize}");
        var header = new byte[len];
        await ReadExactAsync(source, header, n, "CAR header", cancellationToken).ConfigureAwait(false);
        var roots = CarHeader.Decode(header, limits);
        return new CarReader(source, limits, roots, n + (long)len);
    }

    /// <summary>Reads the next verified block, or null at a clean end of the CAR. The returned memory is owned by the caller.</summary>
    /// <exception cref="IpfsVerificationException">The block does not hash to its CID.</exception>
    /// <exception cref="IpfsFormatException">Truncated section, bad CID.</exception>
    /// <exception cref="IpfsLimitException">Section or block over the limit.</exception>
    public async ValueTask<IpfsBlock?> ReadBlockAsync(CancellationToken cancellationToken = default)
    {
        long at = _position;
        var head = await ReadVarintAsync(_source, at, "CAR section length", cancellationToken).ConfigureAwait(false);
        if (head is null)
            return null;
        var (len, n) = head.Value;
        if (len == 0)
            throw new IpfsFormatException($"CAR: empty section at offset {at}");
        if (len > (ulong)(_limits.MaxBlockSize + Cid.MaxBinaryLength))
            throw new IpfsLimitException($"CAR: section of {len} bytes at offset {at} exceeds the block limit {_limits.MaxBlockSize}");
        var section = new byte[len];
        await ReadExactAsync(_source, section, at + n, "CAR section", cancellationToken).ConfigureAwait(false);
        _position = at + n + (long)len;
        Cid cid;
        int cidLength;
        try
        {
            cid = Cid.Read(section, out cidLength);
        }
        catch (IpfsFormatException e)
        {
            throw new IpfsFormatException($"CAR: bad CID in section at offset {at}: {e.Message}", e);
        }
        var block = section.AsMemory(cidLength);
        if (block.Length > _limits.MaxBlockSize)
            throw new IpfsLimitException($"CAR: block {cid} of {block.Length} bytes exceeds {_limits.MaxBlockSize}");
        cid.Verify(block.Span);
        return new IpfsBlock(cid, block);
    }

    /// <summary>Reads every remaining block.</summary>
    public async IAsyncEnumerable<IpfsBlock> ReadBlocksAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadBlockAsync(cancellationToken).ConfigureAwait(false) is { } block)
            yield return block;
    }

    /// <summary>Reads a whole CAR into memory (bounded by <paramref name="maxTotalBytes"/> of block data).</summary>
    public static async ValueTask<CarContents> ReadAllAsync(
        Stream source, IpfsLimits? limits = null, long maxTotalBytes = 1L << 30, CancellationToken cancellationToken = default)
    {
        var reader = await OpenAsync(source, limits, cancellationToken).ConfigureAwait(false);
        var blocks = new Dictionary<Cid, ReadOnlyMemory<byte>>();
        long total = 0;
        await foreach (var block in reader.ReadBlocksAsync(cancellationToken).ConfigureAwait(false))
        {
            total += block.Data.Length;
            if (total > maxTotalBytes)
                throw new IpfsLimitException($"CAR: more than {maxTotalBytes} bytes of blocks");
            blocks.TryAdd(block.Cid, block.Data);
        }
        return new CarContents(reader.Roots, blocks);
    }

    private static async ValueTask<(ulong Value, int Length)?> ReadVarintAsync(Stream s, long at, string what, CancellationToken ct)
    {
        var buf = new byte[Varint.MaxLength];
        for (int i = 0; i < Varint.MaxLength; i++)
        {
            int r = await s.ReadAsync(buf.AsMemory(i, 1), ct).ConfigureAwait(false);
            if (r == 0)
            {
                if (i == 0)
                    return null;
                throw new IpfsFormatException($"{what}: truncated varint at offset {at}");
            }
            if ((buf[i] & 0x80) == 0)
                return (Varint.Read(buf.AsSpan(0, i + 1), out int n, $"{what} at offset {at}"), n);
        }
        throw new IpfsFormatException($"{what}: varint longer than {Varint.MaxLength} bytes at offset {at}");
    }

    private static async ValueTask ReadExactAsync(Stream s, byte[] buffer, long at, string what, CancellationToken ct)
    {
        int read = await s.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
        if (read < buffer.Length)
            throw new IpfsFormatException($"{what} at offset {at}: truncated ({read} of {buffer.Length} bytes)");
    }
}
