using BenchmarkDotNet.Attributes;
using RustyOnions.Erasure;

namespace RustyOnions.Benchmarks.Erasure;

/// <summary>RS(4,2) encode of 256 KiB shards (the small-stripe shape): ours vs ISA-L.</summary>
[Config(typeof(ErasureBenchConfig))]
[DataShards(4)]
public unsafe class Rs4x2EncodeBenchmarks
{
    private ErasureBench _bench = null!;

    [Params(256 << 10)]
    public int ShardSize { get; set; }
    private ReedSolomon _gfni512 = null!, _avx512 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bench = new ErasureBench(4, 2, ShardSize);
        _gfni512 = new ReedSolomon(4, 2, ErasureKernel.Gfni512);
        _avx512 = new ReedSolomon(4, 2, ErasureKernel.Avx512);
    }

    [GlobalCleanup]
    public void Cleanup() => _bench.Dispose();

    [Benchmark(Baseline = true, Description = "ISA-L ec_encode_data (AVX-512)")]
    public void IsaLBest()
    {
        fixed (byte* t = _bench.EncodeTables)
        {
            IsaL.EcEncodeData(ShardSize, 4, 2, t, _bench.Pointers, _bench.Pointers + 4);
        }
    }

    [Benchmark(Description = "ours Gfni512")]
    public void OursGfni512() => _gfni512.Encode(_bench.Data, _bench.Parity);

    [Benchmark(Description = "ours Avx512 nibble")]
    public void OursAvx512() => _avx512.Encode(_bench.Data, _bench.Parity);
}
