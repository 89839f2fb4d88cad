namespace RustyOnions.Erasure.Tests;

/// <summary>Shape errors are ArgumentExceptions whose messages name what was expected and what came.</summary>
public sealed class ArgumentTests
{
    [Theory]
    [InlineData(0, 1, "dataShards (k) must be at least 1, got 0")]
    [InlineData(1, 0, "parityShards (m) must be at least 1, got 0")]
    [InlineData(200, 56, "k + m must be at most 255 in GF(2^8), got k=200 + m=56 = 256")]
    public void Constructor_rejects_out_of_range_shapes(int k, int m, string message)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ReedSolomon(k, m));
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Largest_shape_is_accepted()
    {
        var codec = new ReedSolomon(127, 128);
        Assert.Equal(255, codec.TotalShards);
    }

    [Fact]
    public void Wrong_shard_count_names_expected_and_actual()
    {
        var codec = new ReedSolomon(4, 2);
        var ex = Assert.Throws<ArgumentException>(() => codec.Encode(TestData.Zeroed(5, 8)));
        Assert.StartsWith("expected 6 shards (k=4 + m=2), got 5", ex.Message, StringComparison.Ordinal);

        ex = Assert.Throws<ArgumentException>(() => codec.Encode(new ReadOnlyMemory<byte>[3], new Memory<byte>[2]));
        Assert.StartsWith("expected 4 data shards (k), got 3", ex.Message, StringComparison.Ordinal);

        ex = Assert.Throws<ArgumentException>(() => codec.Reconstruct(TestData.Zeroed(6, 8), [true, true, true, true, true]));
        Assert.StartsWith("expected 6 presence flags (k=4 + m=2), got 5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unequal_shard_lengths_name_the_shard()
    {
        var codec = new ReedSolomon(3, 2);
        var shards = TestData.Zeroed(5, 8);
        shards[2] = new byte[7];
        var ex = Assert.Throws<ArgumentException>(() => codec.Encode(shards));
        Assert.StartsWith("data shard 2 is 7 bytes, expected 8", ex.Message, StringComparison.Ordinal);

        shards[2] = new byte[8];
        shards[4] = new byte[9];
        ex = Assert.Throws<ArgumentException>(() => codec.Encode(shards));
        Assert.StartsWith("parity shard 1 is 9 bytes, expected 8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_shard_is_named()
    {
        var shards = TestData.Zeroed(3, 4);
        shards[1] = null!;
        var ex = Assert.Throws<ArgumentNullException>(() => new ReedSolomon(2, 1).Encode(shards));
        Assert.Contains("shards[1] is null", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_kernel_value_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReedSolomon(2, 1, (ErasureKernel)99));
    }

    [Fact]
    public void Encoding_matrix_copy_cannot_change_the_codec()
    {
        var codec = new ReedSolomon(2, 1);
        codec.GetEncodingMatrix()[4] ^= 0xFF;
        Assert.Equal(GaloisMatrixRow(2, 1), codec.GetEncodingMatrix()[4..]);
    }

    private static byte[] GaloisMatrixRow(int k, int m) => Galois.GaloisMatrix.Cauchy1(k, m)[(k * k)..];
}
