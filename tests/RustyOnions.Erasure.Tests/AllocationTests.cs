namespace RustyOnions.Erasure.Tests;

/// <summary>Allocation is measured with no other test running: parallel tests share ArrayPool.Shared
/// and can empty a bucket this thread then refills by allocating.</summary>
[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public sealed class AllocationCollection
{
}

/// <summary>The hot path allocates nothing per stripe (decode plans are cached after first use).</summary>
[Collection(nameof(AllocationTests))]
public sealed class AllocationTests
{
    [Theory]
    [MemberData(nameof(TestData.KernelData), MemberType = typeof(TestData))]
    public void Encode_verify_and_cached_reconstruct_allocate_nothing(ErasureKernel kernel)
    {
        var codec = TestData.Codec(10, 4, kernel);
        var shards = TestData.RandomShards(new Random(70), 14, 4096).Select(s => (Memory<byte>)s).ToArray();
        var readOnly = shards.Select(s => (ReadOnlyMemory<byte>)s).ToArray();
        var data = readOnly[..10];
        var parity = shards[10..];
        bool[] present = [false, true, false, true, true, true, true, true, true, true, true, false, true, false];

        void RunAll()
        {
            codec.Encode(shards);
            codec.Encode(data, parity);
            Assert.True(codec.Verify(readOnly));
            codec.Reconstruct(shards, present);
            codec.ReconstructData(shards, present);
        }

        // Warm-up: JIT, decode plans, the ArrayPool. Tiered re-compilation can still allocate a
        // few bytes of runtime bookkeeping on this thread at an unpredictable moment, so a block
        // of calls that allocates nothing at least once passes; a real per-call allocation
        // shows up in every block.
        for (int i = 0; i < 100; i++)
        {
            RunAll();
        }

        long allocated = 0;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
            {
                RunAll();
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated == 0)
            {
                return;
            }
        }

        Assert.Fail($"{kernel}: 10 rounds of encode/verify/reconstruct allocated {allocated} bytes");
    }
}
