using BenchmarkDotNet.Attributes;
using RustyOnions.Erasure;

namespace RustyOnions.Benchmarks.Erasure;

/// <summary>
/// RS(10,4) with data shards 0..3 lost, 1 MiB shards. ISA-L's decode recipe per operation:
/// gf_invert_matrix on the survivors' rows, ec_init_tables on the 4 needed rows, ec_encode_data.
/// Ours: Reconstruct (its decode plan is cached after the first call, as a reader would see).
/// </summary>
[Config(typeof(ErasureBenchConfig))]
[DataShards(10)]
public unsafe class Rs10x4ReconstructBenchmarks
{
    private const int K = 10, Lost = 4;
    private readonly bool[] _present = [false, false, false, false, true, true, true, true, true, true, true, true, true, true];
    private readonly byte[] _sub = new byte[K * K];
    private readonly byte[] _inverse = new byte[K * K];
    private readonly byte[] _tables = new byte[32 * K * Lost];
    private ErasureBench _bench = null!;

    [Params(1 << 20)]
    public int ShardSize { get; set; }
    private ReedSolomon _gfni512 = null!, _avx512 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bench = new ErasureBench(K, 4, ShardSize);
        _gfni512 = new ReedSolomon(K, 4, ErasureKernel.Gfni512);
        _avx512 = new ReedSolomon(K, 4, ErasureKernel.Avx512);
        _gfni512.Encode(_bench.All);
    }

    [GlobalCleanup]
    public void Cleanup() => _bench.Dispose();

    [Benchmark(Baseline = true, Description = "ISA-L invert + ec_encode_data")]
    public void IsaLDecode()
    {
        // Survivors are shards 4..13: their matrix rows, inverted; rows 0..3 of the inverse give
        // the lost data shards.
        Array.Copy(_bench.Matrix, Lost * K, _sub, 0, K * K);
        fixed (byte* s = _sub)
        fixed (byte* inv = _inverse)
        fixed (byte* t = _tables)
        {
            if (IsaL.GfInvertMatrix(s, inv, K) != 0)
            {
                throw new InvalidOperationException("singular");
            }

            IsaL.EcInitTables(K, Lost, inv, t);
            IsaL.EcEncodeData(ShardSize, K, Lost, t, _bench.Pointers + Lost, _bench.Pointers);
        }
    }

    [Benchmark(Description = "ours Gfni512 Reconstruct")]
    public void OursGfni512() => _gfni512.Reconstruct(_bench.All, _present);

    [Benchmark(Description = "ours Avx512 Reconstruct")]
    public void OursAvx512() => _avx512.Reconstruct(_bench.All, _present);
}
