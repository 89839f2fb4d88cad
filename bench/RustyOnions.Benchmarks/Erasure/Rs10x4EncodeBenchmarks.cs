using BenchmarkDotNet.Attributes;
using RustyOnions.Erasure;

namespace RustyOnions.Benchmarks.Erasure;

/// <summary>RS(10,4) encode, 64 KiB (cache-resident) and 1 MiB shards: each of our kernels next to ISA-L on the same buffers.</summary>
[Config(typeof(ErasureBenchConfig))]
[DataShards(10)]
public unsafe class Rs10x4EncodeBenchmarks
{
    private ErasureBench _bench = null!;

    [Params(64 << 10, 1 << 20)]
    public int ShardSize { get; set; }
    private ReedSolomon _gfni512 = null!, _gfni256 = null!, _avx512 = null!, _avx2 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bench = new ErasureBench(10, 4, ShardSize);
        _gfni512 = new ReedSolomon(10, 4, ErasureKernel.Gfni512);
        _gfni256 = new ReedSolomon(10, 4, ErasureKernel.Gfni256);
        _avx512 = new ReedSolomon(10, 4, ErasureKernel.Avx512);
        _avx2 = new ReedSolomon(10, 4, ErasureKernel.Avx2);
    }

    [GlobalCleanup]
    public void Cleanup() => _bench.Dispose();

    [Benchmark(Baseline = true, Description = "ISA-L ec_encode_data (AVX-512)")]
    public void IsaLBest()
    {
        fixed (byte* t = _bench.EncodeTables)
        {
            IsaL.EcEncodeData(ShardSize, 10, 4, t, _bench.Pointers, _bench.Pointers + 10);
        }
    }

    [Benchmark(Description = "ISA-L ec_encode_data_avx2")]
    public void IsaLAvx2()
    {
        fixed (byte* t = _bench.EncodeTables)
        {
            IsaL.EcEncodeDataAvx2(ShardSize, 10, 4, t, _bench.Pointers, _bench.Pointers + 10);
        }
    }

    [Benchmark(Description = "ours Gfni512")]
    public void OursGfni512() => _gfni512.Encode(_bench.Data, _bench.Parity);

    [Benchmark(Description = "ours Gfni256")]
    public void OursGfni256() => _gfni256.Encode(_bench.Data, _bench.Parity);

    [Benchmark(Description = "ours Avx512 nibble")]
    public void OursAvx512() => _avx512.Encode(_bench.Data, _bench.Parity);

    [Benchmark(Description = "ours Avx2 nibble")]
    public void OursAvx2() => _avx2.Encode(_bench.Data, _bench.Parity);
}
