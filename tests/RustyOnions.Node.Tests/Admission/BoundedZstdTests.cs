using System.Buffers;
using RustyOnions.Node.Oap.Compression;
using ZstdSharp;

namespace RustyOnions.Node.Tests.Admission;

public sealed class BoundedZstdTests
{
    private static byte[] Compress(byte[] data, int level = 19)
    {
        using var c = new Compressor(level);
        return c.Wrap(data).ToArray();
    }

    private static byte[] Random(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    [Fact]
    public void Round_trips_payloads_within_both_caps()
    {
        var data = Random(100_000, 1);
        var (buffer, length) = BoundedZstd.Decompress(new ReadOnlySequence<byte>(Compress(data)), 1 << 20, 10);
        try
        {
            Assert.True(data.AsSpan().SequenceEqual(buffer.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [Fact]
    public void Zero_bomb_trips_the_ratio_cap()
    {
        var bomb = Compress(new byte[4 << 20]); // 4 MiB of zeros: a few hundred bytes compressed
        var e = Assert.Throws<DecompressionLimitException>(() => BoundedZstd.Decompress(new ReadOnlySequence<byte>(bomb), 64L << 20, 10));
        Assert.Equal("ratio", e.Reason);
        Assert.Contains("ratio", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Incompressible_payload_over_the_size_cap_trips_decompressed_size()
    {
        // Random bytes barely compress, so the ratio stays ~1 and only the absolute cap can trip.
        var big = Compress(Random(300_000, 2), level: 1);
        var e = Assert.Throws<DecompressionLimitException>(() => BoundedZstd.Decompress(new ReadOnlySequence<byte>(big), 200_000, 10));
        Assert.Equal("decompressed_size", e.Reason);
    }

    [Fact]
    public void Large_zero_bomb_does_not_allocate_past_the_bound()
    {
        var bomb = Compress(new byte[256 << 20], level: 3); // 256 MiB of zeros
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<DecompressionLimitException>(() => BoundedZstd.Decompress(new ReadOnlySequence<byte>(bomb), 1 << 20, 1_000_000));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 16 << 20, $"allocated {allocated} bytes for a 1 MiB cap");
    }

    [Fact]
    public void Garbage_is_invalid_data_not_a_limit()
    {
        Assert.Throws<InvalidDataException>(() => BoundedZstd.Decompress(new ReadOnlySequence<byte>(Random(64, 3)), 1 << 20, 10));
    }
}
