using RustyOnions.Erasure.Galois;
using RustyOnions.Erasure.Tests.Interop;

namespace RustyOnions.Erasure.Tests;

/// <summary>Our field, matrix and parity against Intel ISA-L (libisal.so.2), byte for byte.</summary>
public sealed class IsaLCrossCheckTests
{
    [Fact]
    public void Field_multiplication_and_inverse_equal_isal_for_every_pair()
    {
        IsaL.EnsureLoaded();
        for (int a = 0; a < 256; a++)
        {
            Assert.Equal(IsaL.GfInv((byte)a), GaloisField.Inv((byte)a));
            for (int b = 0; b < 256; b++)
            {
                byte expected = IsaL.GfMul((byte)a, (byte)b);
                if (GaloisField.Mul((byte)a, (byte)b) != expected)
                {
                    Assert.Fail($"{a} * {b}: ours {GaloisField.Mul((byte)a, (byte)b)}, ISA-L {expected}");
                }
            }
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 2)]
    [InlineData(10, 4)]
    [InlineData(17, 3)]
    [InlineData(200, 55)]
    [InlineData(1, 254)]
    public void Encoding_matrix_equals_gf_gen_cauchy1_matrix(int k, int m)
    {
        Assert.Equal(IsaL.Cauchy1Matrix(k, m), new ReedSolomon(k, m).GetEncodingMatrix());
    }

    [Fact]
    public void Matrix_inverse_equals_gf_invert_matrix_for_random_submatrices()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 50; trial++)
        {
            int k = random.Next(1, 33);
            int m = random.Next(1, 17);
            var matrix = GaloisMatrix.Cauchy1(k, m);
            var rows = Enumerable.Range(0, k + m).OrderBy(_ => random.Next()).Take(k).ToArray();
            var sub = new byte[k * k];
            for (int r = 0; r < k; r++)
            {
                Array.Copy(matrix, rows[r] * k, sub, r * k, k);
            }

            var ours = new byte[k * k];
            Assert.True(GaloisMatrix.TryInvert(sub, ours, k));
            Assert.Equal(IsaL.Invert(sub, k), ours);
        }
    }

    [Fact]
    public void Singular_matrix_is_reported_by_both()
    {
        byte[] singular = [1, 2, 1, 2];
        Assert.False(GaloisMatrix.TryInvert(singular, new byte[4], 2));
        Assert.Null(IsaL.Invert(singular, 2));
    }

    [Theory]
    [MemberData(nameof(TestData.KernelData), MemberType = typeof(TestData))]
    public void Parity_equals_isal_for_random_shapes_and_lengths(ErasureKernel kernel)
    {
        IsaL.EnsureLoaded();
        var random = new Random(1000 + (int)kernel);
        int[] lengths = [1, 2, 3, 7, 31, 32, 33, 63, 64, 65, 127, 129, 1000, 4099, 65537];
        for (int trial = 0; trial < 40; trial++)
        {
            int k = random.Next(1, 33);
            int m = random.Next(1, 17);
            int length = trial < lengths.Length ? lengths[trial] : random.Next(1, 20000);
            var data = TestData.RandomShards(random, k, length);
            var expected = IsaL.Encode(k, m, data);
            var shards = data.Concat(TestData.Zeroed(m, length)).ToArray();
            TestData.Codec(k, m, kernel).Encode(shards);
            for (int p = 0; p < m; p++)
            {
                Assert.True(expected[p].AsSpan().SequenceEqual(shards[k + p]), $"k={k} m={m} len={length}: parity {p} differs from ISA-L");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestData.KernelData), MemberType = typeof(TestData))]
    public void Rs_10_4_one_mib_parity_equals_isal(ErasureKernel kernel)
    {
        var random = new Random(104);
        var data = TestData.RandomShards(random, 10, 1 << 20);
        var expected = IsaL.Encode(10, 4, data);
        var parity = TestData.Zeroed(4, 1 << 20);
        TestData.Codec(10, 4, kernel).Encode(data.Select(d => (ReadOnlyMemory<byte>)d).ToArray(), parity.Select(p => (Memory<byte>)p).ToArray());
        for (int p = 0; p < 4; p++)
        {
            Assert.True(expected[p].AsSpan().SequenceEqual(parity[p]), $"parity {p} differs from ISA-L");
        }
    }

    [Fact]
    public void Isal_decode_of_our_parity_recovers_the_data()
    {
        // The other direction: ISA-L's documented decode recipe (invert the surviving rows, then
        // ec_encode_data) must read our shards, so stripes we write are readable by ISA-L users.
        var random = new Random(7);
        const int k = 10, m = 4, length = 4097;
        var shards = TestData.RandomShards(random, k, length).Concat(TestData.Zeroed(m, length)).ToArray();
        new ReedSolomon(k, m).Encode(shards);
        int[] survivors = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13]; // data shards 0..3 lost
        var matrix = IsaL.Cauchy1Matrix(k, m);
        var sub = new byte[k * k];
        for (int r = 0; r < k; r++)
        {
            Array.Copy(matrix, survivors[r] * k, sub, r * k, k);
        }

        var inverse = IsaL.Invert(sub, k)!;
        var recovered = TestData.Zeroed(4, length);
        IsaL.Multiply(inverse[..(4 * k)], 4, survivors.Select(s => shards[s]).ToArray(), recovered);
        for (int d = 0; d < 4; d++)
        {
            Assert.Equal(shards[d], recovered[d]);
        }
    }
}
