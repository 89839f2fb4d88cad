namespace RustyOnions.Erasure.Tests;

public sealed class VerifyTests
{
    [Theory]
    [MemberData(nameof(TestData.KernelData), MemberType = typeof(TestData))]
    public void Verify_accepts_an_encoded_stripe_and_rejects_any_single_flipped_byte(ErasureKernel kernel)
    {
        var random = new Random(50);
        var codec = TestData.Codec(5, 3, kernel);
        const int length = 40_000; // spans several verify chunks
        var shards = TestData.RandomShards(random, 5, length).Concat(TestData.Zeroed(3, length)).ToArray();
        codec.Encode(shards);
        Assert.True(codec.Verify(shards));

        foreach (int position in new[] { 0, 1, 16383, 16384, 32768, length - 1 })
        {
            for (int shard = 0; shard < 8; shard++)
            {
                shards[shard][position] ^= 0x20;
                Assert.False(codec.Verify(shards), $"flip in shard {shard} at {position} not detected");
                shards[shard][position] ^= 0x20;
            }
        }

        Assert.True(codec.Verify(shards));
    }

    [Fact]
    public void Verify_with_separate_data_and_parity_spans_matches_whole_stripe_form()
    {
        var random = new Random(51);
        var codec = new ReedSolomon(3, 2);
        var shards = TestData.RandomShards(random, 3, 99).Concat(TestData.Zeroed(2, 99)).ToArray();
        codec.Encode(shards);
        var data = shards[..3].Select(s => (ReadOnlyMemory<byte>)s).ToArray();
        var parity = shards[3..].Select(s => (ReadOnlyMemory<byte>)s).ToArray();
        Assert.True(codec.Verify(data, parity));
        shards[4][98] ^= 1;
        Assert.False(codec.Verify(data, parity));
        Assert.False(codec.Verify(shards.Select(s => (Memory<byte>)s).ToArray()));
    }

    [Fact]
    public void Empty_shards_verify_true()
    {
        Assert.True(new ReedSolomon(2, 1).Verify(TestData.Zeroed(3, 0)));
    }
}
