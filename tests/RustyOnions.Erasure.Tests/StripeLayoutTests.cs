namespace RustyOnions.Erasure.Tests;

public sealed class StripeLayoutTests
{
    [Theory]
    [InlineData(0, 4, 1, 0, 0)]
    [InlineData(1, 4, 1, 1, 3)]
    [InlineData(10, 4, 1, 3, 2)]
    [InlineData(12, 4, 1, 3, 0)]
    [InlineData(1_000_000, 10, 1, 100_000, 0)]
    [InlineData(1_000_001, 10, 64, 100_032, 319)]
    [InlineData(5, 10, 64, 64, 635)]
    public void Shard_size_and_padding_follow_the_formula(int n, int k, int alignment, int shardSize, int padding)
    {
        var layout = StripeLayout.For(n, k, 2, alignment);
        Assert.Equal(shardSize, layout.ShardSize);
        Assert.Equal(padding, layout.PaddingLength);
        Assert.Equal((long)k * shardSize, layout.PaddedLength);
        Assert.Equal((long)(k + 2) * shardSize, layout.StoredLength);
        Assert.Equal(0, layout.ShardSize % alignment);
    }

    [Fact]
    public void Data_ranges_tile_the_segment_and_trailing_shards_may_be_all_padding()
    {
        var layout = StripeLayout.For(10, 4, 2); // S = 3: 3,3,3,1
        Assert.Equal([0, 3, 6, 9], Enumerable.Range(0, 4).Select(layout.DataOffset));
        Assert.Equal([3, 3, 3, 1], Enumerable.Range(0, 4).Select(layout.DataLength));

        var sparse = StripeLayout.For(5, 4, 1, alignment: 4); // S = 4: 4,1,0,0
        Assert.Equal([4, 1, 0, 0], Enumerable.Range(0, 4).Select(sparse.DataLength));
        Assert.Equal([0, 4, 5, 5], Enumerable.Range(0, 4).Select(sparse.DataOffset));
    }

    [Fact]
    public void Split_pads_with_zeros_and_join_restores_the_segment_after_reconstruction()
    {
        var random = new Random(60);
        var segment = new byte[1001];
        random.NextBytes(segment);
        var layout = StripeLayout.For(segment.Length, 10, 4, alignment: 64);
        var shards = Enumerable.Range(0, layout.TotalShards).Select(_ => (Memory<byte>)Fill(random, layout.ShardSize)).ToArray();
        layout.Split(segment, shards.AsSpan(0, 10));
        Assert.All(shards[9].Span[layout.DataLength(9)..].ToArray(), b => Assert.Equal(0, b));

        var codec = new ReedSolomon(10, 4);
        codec.Encode(shards);
        var present = Enumerable.Range(0, 14).Select(i => i is not (1 or 5 or 9 or 12)).ToArray();
        foreach (int lost in new[] { 1, 5, 9, 12 })
        {
            shards[lost].Span.Fill(0xEE);
        }

        codec.Reconstruct(shards, present);
        var joined = new byte[segment.Length];
        layout.Join(shards.Take(10).Select(s => (ReadOnlyMemory<byte>)s).ToArray(), joined);
        Assert.Equal(segment, joined);
    }

    [Fact]
    public void Wrong_shapes_are_rejected_with_precise_messages()
    {
        var layout = StripeLayout.For(100, 4, 2);
        var ex = Assert.Throws<ArgumentException>(() => layout.Split(new byte[99], new Memory<byte>[4]));
        Assert.StartsWith("segment is 99 bytes, the layout is for 100", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => layout.Split(new byte[100], new Memory<byte>[4]));
        Assert.StartsWith("data shard 0 is 0 bytes, the layout's shard size is 25", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => StripeLayout.For(-1, 4, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => StripeLayout.For(1, 4, 2, alignment: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => StripeLayout.For(1, 250, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => layout.DataOffset(4));
    }

    private static byte[] Fill(Random random, int length)
    {
        var b = new byte[length];
        random.NextBytes(b); // garbage the split must overwrite, padding included
        return b;
    }
}
