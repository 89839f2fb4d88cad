namespace RustyOnions.Erasure.Tests;

/// <summary>Property tests: any loss of up to m shards is rebuilt exactly, on every kernel.</summary>
public sealed class ReconstructTests
{
    [Theory]
    [MemberData(nameof(TestData.KernelData), MemberType = typeof(TestData))]
    public void Random_losses_of_up_to_m_shards_rebuild_the_original(ErasureKernel kernel)
    {
        var random = new Random(2000 + (int)kernel);
        for (int trial = 0; trial < 60; trial++)
        {
            int k = random.Next(1, 33);
            int m = random.Next(1, 17);
            int length = random.Next(0, 3000);
            var codec = TestData.Codec(k, m, kernel);
            var original = TestData.RandomShards(random, k, length).Concat(TestData.Zeroed(m, length)).ToArray();
            codec.Encode(original);

            int losses = random.Next(0, m + 1);
            var present = Enumerable.Repeat(true, k + m).ToArray();
            foreach (int lost in Enumerable.Range(0, k + m).OrderBy(_ => random.Next()).Take(losses))
            {
                present[lost] = false;
            }

            var damaged = original.Select((s, i) => present[i] ? (byte[])s.Clone() : Garbage(random, length)).ToArray();
            codec.Reconstruct(damaged, present);
            for (int i = 0; i < k + m; i++)
            {
                Assert.True(original[i].AsSpan().SequenceEqual(damaged[i]), $"{kernel} k={k} m={m} len={length} lost=[{Lost(present)}]: shard {i} wrong");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestData.KernelData), MemberType = typeof(TestData))]
    public void Four_lost_data_shards_of_rs_10_4_are_rebuilt(ErasureKernel kernel)
    {
        var random = new Random(41);
        var codec = TestData.Codec(10, 4, kernel);
        var original = TestData.RandomShards(random, 10, 65536 + 7).Concat(TestData.Zeroed(4, 65536 + 7)).ToArray();
        codec.Encode(original);
        var present = Enumerable.Range(0, 14).Select(i => i >= 4).ToArray();
        var damaged = original.Select((s, i) => present[i] ? s : new byte[s.Length]).ToArray();
        codec.Reconstruct(damaged.Select(s => (Memory<byte>)s).ToArray(), present);
        Assert.Equal(original, damaged);
    }

    [Fact]
    public void ReconstructData_rebuilds_data_and_leaves_lost_parity_untouched()
    {
        var random = new Random(42);
        var codec = new ReedSolomon(6, 3);
        var original = TestData.RandomShards(random, 6, 777).Concat(TestData.Zeroed(3, 777)).ToArray();
        codec.Encode(original);
        bool[] present = [false, true, true, false, true, true, true, false, true];
        var damaged = original.Select((s, i) => present[i] ? (byte[])s.Clone() : new byte[777]).ToArray();
        codec.ReconstructData(damaged, present);
        Assert.Equal(original[0], damaged[0]);
        Assert.Equal(original[3], damaged[3]);
        Assert.All(damaged[7], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Same_loss_pattern_twice_gives_same_result_from_the_cached_plan()
    {
        var random = new Random(43);
        var codec = new ReedSolomon(4, 2);
        bool[] present = [true, false, true, true, false, true];
        for (int round = 0; round < 3; round++)
        {
            var original = TestData.RandomShards(random, 4, 100).Concat(TestData.Zeroed(2, 100)).ToArray();
            codec.Encode(original);
            var damaged = original.Select((s, i) => present[i] ? s : new byte[100]).ToArray();
            codec.Reconstruct(damaged, present);
            Assert.Equal(original, damaged);
        }
    }

    [Fact]
    public async Task One_codec_shared_by_threads_decodes_every_pattern_correctly()
    {
        var codec = new ReedSolomon(8, 4);
        var tasks = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            var random = new Random(100 + t);
            for (int round = 0; round < 200; round++)
            {
                var original = TestData.RandomShards(random, 8, 256).Concat(TestData.Zeroed(4, 256)).ToArray();
                codec.Encode(original);
                var present = Enumerable.Repeat(true, 12).ToArray();
                foreach (int lost in Enumerable.Range(0, 12).OrderBy(_ => random.Next()).Take(random.Next(1, 5)))
                {
                    present[lost] = false;
                }

                var damaged = original.Select((s, i) => present[i] ? s : new byte[256]).ToArray();
                codec.Reconstruct(damaged, present);
                Assert.Equal(original, damaged);
            }
        }));
        await Task.WhenAll(tasks);
    }

    [Fact]
    public void Too_few_shards_throws_erasure_exception_naming_the_counts()
    {
        var codec = new ReedSolomon(4, 2);
        var shards = TestData.Zeroed(6, 10);
        var ex = Assert.Throws<ErasureException>(() => codec.Reconstruct(shards, [true, true, false, true, false, false]));
        Assert.Equal("need at least k=4 shards, got 3", ex.Message);
    }

    [Fact]
    public void Nothing_missing_is_a_no_op()
    {
        var codec = new ReedSolomon(3, 2);
        var shards = TestData.RandomShards(new Random(44), 5, 50);
        var copy = shards.Select(s => (byte[])s.Clone()).ToArray();
        codec.Reconstruct(shards, [true, true, true, true, true]);
        Assert.Equal(copy, shards);
    }

    private static byte[] Garbage(Random random, int length)
    {
        var b = new byte[length];
        random.NextBytes(b);
        return b;
    }

    private static string Lost(bool[] present) =>
        string.Join(',', present.Select((p, i) => (p, i)).Where(x => !x.p).Select(x => x.i));
}
