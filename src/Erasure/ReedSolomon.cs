using System.Collections.Concurrent;
using RustyOnions.Erasure.Coding;
using RustyOnions.Erasure.Galois;
using RustyOnions.Erasure.Kernels;

namespace RustyOnions.Erasure;

/// <summary>
/// Systematic Reed-Solomon over GF(2^8)/0x11D with k data shards and m parity shards: any k of
/// the k+m shards rebuild the others. The encoding matrix is ISA-L's gf_gen_cauchy1_matrix, so
/// parity is byte-identical to ISA-L's ec_encode_data (see specs/erasure.md).
/// </summary>
/// <remarks>
/// All shards of one call have the same length (any length, including 0 and odd sizes). The codec
/// writes into caller buffers and allocates nothing per stripe, apart from one decode plan per new
/// loss pattern, which it caches. Instances are immutable and safe to share between threads.
/// Output buffers must not overlap inputs.
/// </remarks>
public sealed partial class ReedSolomon
{
    /// <summary>The largest k + m: GF(2^8) has 255 nonzero elements to build the Cauchy rows from.</summary>
    public const int MaxTotalShards = 255;

    // A cap so an adversarial mix of loss patterns cannot grow the cache without bound.
    private const int MaxCachedPlans = 1024;

    private readonly byte[] _matrix;
    private readonly CodingKernel _kernel;
    private readonly CodingTables _parityTables;
    private readonly ConcurrentDictionary<LossPattern, DecodePlan> _plans = new();

    /// <summary>Creates a codec for <paramref name="dataShards"/> + <paramref name="parityShards"/> shards.</summary>
    /// <param name="dataShards">k, at least 1.</param>
    /// <param name="parityShards">m, at least 1; k + m at most <see cref="MaxTotalShards"/>.</param>
    /// <param name="kernel">The SIMD kernel to use; <see cref="ErasureKernel.Auto"/> picks <see cref="BestKernel"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">k or m out of range.</exception>
    /// <exception cref="PlatformNotSupportedException">The CPU lacks the instructions of <paramref name="kernel"/>.</exception>
    public ReedSolomon(int dataShards, int parityShards, ErasureKernel kernel = ErasureKernel.Auto)
    {
        if (dataShards < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dataShards), dataShards, $"dataShards (k) must be at least 1, got {dataShards}");
        }

        if (parityShards < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(parityShards), parityShards, $"parityShards (m) must be at least 1, got {parityShards}");
        }

        if (dataShards + parityShards > MaxTotalShards)
        {
            throw new ArgumentOutOfRangeException(
                nameof(parityShards),
                parityShards,
                $"k + m must be at most {MaxTotalShards} in GF(2^8), got k={dataShards} + m={parityShards} = {dataShards + parityShards}");
        }

        if (!Enum.IsDefined(kernel))
        {
            throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "unknown ErasureKernel value");
        }

        if (!CodingKernel.IsSupported(kernel))
        {
            throw new PlatformNotSupportedException($"the {kernel} erasure kernel needs CPU instructions this machine lacks; use ErasureKernel.Auto");
        }

        DataShards = dataShards;
        ParityShards = parityShards;
        Kernel = kernel == ErasureKernel.Auto ? BestKernel : kernel;
        _kernel = CodingKernel.Create(Kernel);
        _matrix = GaloisMatrix.Cauchy1(dataShards, parityShards);
        _parityTables = _kernel.Prepare(_matrix[(dataShards * dataShards)..], parityShards, dataShards);
    }

    /// <summary>The fastest kernel this CPU supports: Gfni512, Avx512, Gfni256, Avx2, then Scalar.</summary>
    public static ErasureKernel BestKernel { get; } = CodingKernel.Best();

    /// <summary>k: the number of data shards.</summary>
    public int DataShards { get; }

    /// <summary>m: the number of parity shards, and of shards that may be lost.</summary>
    public int ParityShards { get; }

    /// <summary>k + m.</summary>
    public int TotalShards => DataShards + ParityShards;

    /// <summary>The kernel this instance runs (never <see cref="ErasureKernel.Auto"/>).</summary>
    public ErasureKernel Kernel { get; }

    /// <summary>Whether this CPU can run <paramref name="kernel"/> (Auto and Scalar always can).</summary>
    public static bool IsSupported(ErasureKernel kernel) => CodingKernel.IsSupported(kernel);

    /// <summary>
    /// A copy of the (k+m) x k encoding matrix, row-major: shard i = XOR over j of
    /// matrix[i*k + j] * data shard j. Rows 0..k-1 are the identity.
    /// </summary>
    public byte[] GetEncodingMatrix() => (byte[])_matrix.Clone();
}
