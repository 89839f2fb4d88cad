namespace RustyOnions.Erasure.Tests;

/// <summary>Seeded shards and the kernel list every codec test runs over.</summary>
internal static class TestData
{
    public static IEnumerable<ErasureKernel> Kernels =>
        [ErasureKernel.Scalar, ErasureKernel.Avx2, ErasureKernel.Avx512, ErasureKernel.Gfni256, ErasureKernel.Gfni512];

    public static TheoryData<ErasureKernel> KernelData
    {
        get
        {
            var data = new TheoryData<ErasureKernel>();
            foreach (var k in Kernels)
            {
                data.Add(k);
            }

            return data;
        }
    }

    public static byte[][] RandomShards(Random random, int count, int length)
    {
        var shards = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            shards[i] = new byte[length];
            random.NextBytes(shards[i]);
        }

        return shards;
    }

    public static byte[][] Zeroed(int count, int length)
    {
        var shards = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            shards[i] = new byte[length];
        }

        return shards;
    }

    /// <summary>The codec for a kernel; an unsupported kernel on this CPU fails the test, as the CI machine supports all.</summary>
    public static ReedSolomon Codec(int k, int m, ErasureKernel kernel)
    {
        Assert.True(
            ReedSolomon.IsSupported(kernel),
            $"this CPU lacks the instructions for the {kernel} kernel; the erasure tests expect AVX-512 + GFNI (AMD EPYC Zen 4 or Intel Ice Lake and later)");
        return new ReedSolomon(k, m, kernel);
    }

    /// <summary>Walks up from the test binary to the directory holding RustyOnions.sln.</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RustyOnions.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("RustyOnions.sln not found above " + AppContext.BaseDirectory);
    }
}
