namespace RustyOnions.Erasure.Tests;

/// <summary>Every SIMD kernel against the scalar reference, over the shapes that stress each loop.</summary>
public sealed class KernelEquivalenceTests
{
    [Theory]
    [MemberData(nameof(TestData.KernelData), MemberType = typeof(TestData))]
    public void Every_coefficient_multiplies_like_the_scalar_table(ErasureKernel kernel)
    {
        // k=255-m with m=1 makes 254 coefficients in one row; with several codecs together every
        // byte value appears as a coefficient. A single 1-hot data shard isolates each product.
        var random = new Random(3);
        const int length = 256 + 64 + 17; // every input byte value, plus an overlapping tail
        for (int m = 1; m <= 9; m += 4)
        {
            int k = Math.Min(60, 255 - m);
            var data = TestData.RandomShards(random, k, length);
            for (int i = 0; i < 256; i++)
            {
                data[0][i] = (byte)i;
            }

            AssertSameParity(kernel, k, m, data);
        }
    }

    [Theory]
    [MemberData(nameof(TestData.KernelData), MemberType = typeof(TestData))]
    public void Every_length_from_0_to_300_matches_scalar(ErasureKernel kernel)
    {
        var random = new Random(4);
        for (int length = 0; length <= 300; length++)
        {
            AssertSameParity(kernel, 5, 3, TestData.RandomShards(random, 5, length));
        }
    }

    [Theory]
    [MemberData(nameof(TestData.KernelData), MemberType = typeof(TestData))]
    public void Every_output_group_size_matches_scalar(ErasureKernel kernel)
    {
        // m from 1 to 17 covers every accumulator-group size (1..8) and the multi-pass split; 100
        // bytes runs the one-vector loops, 1000+ the unrolled ones.
        var random = new Random(5);
        for (int m = 1; m <= 17; m++)
        {
            AssertSameParity(kernel, 7, m, TestData.RandomShards(random, 7, 100));
            AssertSameParity(kernel, 7, m, TestData.RandomShards(random, 7, 1000 + m));
        }
    }

    [Theory]
    [MemberData(nameof(TestData.KernelData), MemberType = typeof(TestData))]
    public void Unaligned_shard_slices_encode_like_scalar(ErasureKernel kernel)
    {
        var random = new Random(6);
        var backing = TestData.RandomShards(random, 6, 5000);
        var data = backing.Select((b, i) => (ReadOnlyMemory<byte>)b.AsMemory(i + 1, 4001)).ToArray();
        var ours = TestData.Zeroed(2, 4003).Select((b, i) => (Memory<byte>)b.AsMemory(i + 1, 4001)).ToArray();
        var reference = TestData.Zeroed(2, 4001).Select(b => (Memory<byte>)b).ToArray();
        TestData.Codec(6, 2, kernel).Encode(data, ours);
        new ReedSolomon(6, 2, ErasureKernel.Scalar).Encode(data, reference);
        for (int p = 0; p < 2; p++)
        {
            Assert.True(reference[p].Span.SequenceEqual(ours[p].Span));
        }
    }

    [Fact]
    public void Auto_picks_the_best_supported_kernel()
    {
        var codec = new ReedSolomon(4, 2);
        Assert.Equal(ReedSolomon.BestKernel, codec.Kernel);
        Assert.NotEqual(ErasureKernel.Auto, codec.Kernel);
        Assert.True(ReedSolomon.IsSupported(codec.Kernel));
    }

    private static void AssertSameParity(ErasureKernel kernel, int k, int m, byte[][] data)
    {
        int length = data[0].Length;
        var expected = data.Concat(TestData.Zeroed(m, length)).ToArray();
        new ReedSolomon(k, m, ErasureKernel.Scalar).Encode(expected);
        var actual = data.Concat(TestData.Zeroed(m, length)).ToArray();
        TestData.Codec(k, m, kernel).Encode(actual);
        for (int p = k; p < k + m; p++)
        {
            Assert.True(expected[p].AsSpan().SequenceEqual(actual[p]), $"{kernel} k={k} m={m} len={length}: parity {p - k} differs from scalar");
        }
    }
}
