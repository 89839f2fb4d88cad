using BenchmarkDotNet.Attributes;
using RustyOnions.Erasure;

namespace RustyOnions.Benchmarks.Erasure;

/// <summary>RS(10,4) encode of 64 KiB shards on the portable paths: our scalar kernel vs ISA-L's base C code.</summary>
[Config(typeof(ErasureBenchConfig))]
[DataShards(10)]
public unsafe class Rs10x4ScalarEncodeBenchmarks
{
    private ErasureBench _bench = null!;

    [Params(64 << 10)]
    public int ShardSize { get; set; }
    private ReedSolomon _scalar = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bench = new ErasureBench(10, 4, ShardSize);
        _scalar = new ReedSolomon(10, 4, ErasureKernel.Scalar);
    }

    [GlobalCleanup]
    public void Cleanup() => _bench.Dispose();

    [Benchmark(Baseline = true, Description = "ISA-L ec_encode_data_base")]
    public void IsaLBase()
    {
        fixed (byte* t = _bench.EncodeTables)
        {
            IsaL.EcEncodeDataBase(ShardSize, 10, 4, t, _bench.Pointers, _bench.Pointers + 10);
        }
    }

    [Benchmark(Description = "ours Scalar")]
    public void OursScalar() => _scalar.Encode(_bench.Data, _bench.Parity);
}
