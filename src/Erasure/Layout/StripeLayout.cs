namespace RustyOnions.Erasure;

/// <summary>
/// How a segment of n bytes maps onto k data shards of one stripe: data shard i holds segment
/// bytes [i*S, min(n, (i+1)*S)) followed by zeros up to S, where the shard size
/// S = ceil(n / k) rounded up to a multiple of <see cref="Alignment"/>. Parity shards are S bytes too.
/// </summary>
/// <remarks>
/// The zero padding is part of what the parity protects, so a decoder must pad the same way;
/// <see cref="SegmentLength"/> must be stored next to the shards to strip it again.
/// </remarks>
public readonly record struct StripeLayout
{
    private StripeLayout(int segmentLength, int dataShards, int parityShards, int alignment, int shardSize)
    {
        SegmentLength = segmentLength;
        DataShards = dataShards;
        ParityShards = parityShards;
        Alignment = alignment;
        ShardSize = shardSize;
    }

    /// <summary>n: the segment's length in bytes.</summary>
    public int SegmentLength { get; }

    /// <summary>k.</summary>
    public int DataShards { get; }

    /// <summary>m.</summary>
    public int ParityShards { get; }

    /// <summary>Every shard size is a multiple of this (1 = no rounding).</summary>
    public int Alignment { get; }

    /// <summary>S: the length of every shard, data and parity.</summary>
    public int ShardSize { get; }

    /// <summary>k + m.</summary>
    public int TotalShards => DataShards + ParityShards;

    /// <summary>k * S: the segment plus its zero padding.</summary>
    public long PaddedLength => (long)DataShards * ShardSize;

    /// <summary>k * S - n: zero bytes appended after the segment.</summary>
    public int PaddingLength => (int)(PaddedLength - SegmentLength);

    /// <summary>(k + m) * S: bytes stored for the stripe.</summary>
    public long StoredLength => (long)TotalShards * ShardSize;

    /// <summary>Computes the layout of a segment of <paramref name="segmentLength"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative length, k or m below 1, k + m above 255, or alignment below 1.</exception>
    public static StripeLayout For(int segmentLength, int dataShards, int parityShards, int alignment = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(segmentLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(dataShards, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(parityShards, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(alignment, 1);
        if (dataShards + parityShards > ReedSolomon.MaxTotalShards)
        {
            throw new ArgumentOutOfRangeException(
                nameof(parityShards),
                parityShards,
                $"k + m must be at most {ReedSolomon.MaxTotalShards}, got k={dataShards} + m={parityShards} = {dataShards + parityShards}");
        }

        long perShard = ((long)segmentLength + dataShards - 1) / dataShards;
        long shardSize = (perShard + alignment - 1) / alignment * alignment;
        if (shardSize > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, $"shard size {shardSize} exceeds the largest array");
        }

        return new StripeLayout(segmentLength, dataShards, parityShards, alignment, (int)shardSize);
    }

    /// <summary>Offset in the segment of data shard <paramref name="shard"/>'s first byte (clamped to n).</summary>
    public int DataOffset(int shard)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, DataShards);
        return (int)Math.Min((long)shard * ShardSize, SegmentLength);
    }

    /// <summary>Segment bytes in data shard <paramref name="shard"/>; the remaining S minus this are zeros.</summary>
    public int DataLength(int shard) => (int)Math.Min(ShardSize, SegmentLength - (long)DataOffset(shard));

    /// <summary>Copies <paramref name="segment"/> into the k data shards and zero-fills the padding.</summary>
    /// <param name="segment">Exactly <see cref="SegmentLength"/> bytes.</param>
    /// <param name="dataShards">Exactly k buffers of exactly <see cref="ShardSize"/> bytes.</param>
    /// <exception cref="ArgumentException">A length or count does not match the layout.</exception>
    public void Split(ReadOnlySpan<byte> segment, ReadOnlySpan<Memory<byte>> dataShards)
    {
        CheckShape(segment.Length, dataShards.Length, nameof(segment), nameof(dataShards));
        for (int i = 0; i < dataShards.Length; i++)
        {
            var shard = dataShards[i];
            CheckShard(shard.Length, i, nameof(dataShards));
            int n = DataLength(i);
            segment.Slice(DataOffset(i), n).CopyTo(shard.Span);
            shard.Span[n..].Clear();
        }
    }

    /// <summary>Copies the segment bytes out of the k data shards, dropping the padding.</summary>
    /// <param name="dataShards">Exactly k buffers of exactly <see cref="ShardSize"/> bytes.</param>
    /// <param name="segment">Exactly <see cref="SegmentLength"/> bytes.</param>
    /// <exception cref="ArgumentException">A length or count does not match the layout.</exception>
    public void Join(ReadOnlySpan<ReadOnlyMemory<byte>> dataShards, Span<byte> segment)
    {
        CheckShape(segment.Length, dataShards.Length, nameof(segment), nameof(dataShards));
        for (int i = 0; i < dataShards.Length; i++)
        {
            var shard = dataShards[i];
            CheckShard(shard.Length, i, nameof(dataShards));
            shard.Span[..DataLength(i)].CopyTo(segment[DataOffset(i)..]);
        }
    }

    private void CheckShape(int segmentLength, int shardCount, string segmentParam, string shardsParam)
    {
        if (segmentLength != SegmentLength)
        {
            throw new ArgumentException($"segment is {segmentLength} bytes, the layout is for {SegmentLength}", segmentParam);
        }

        if (shardCount != DataShards)
        {
            throw new ArgumentException($"expected {DataShards} data shards (k), got {shardCount}", shardsParam);
        }
    }

    private void CheckShard(int length, int index, string paramName)
    {
        if (length != ShardSize)
        {
            throw new ArgumentException($"data shard {index} is {length} bytes, the layout's shard size is {ShardSize}", paramName);
        }
    }
}
