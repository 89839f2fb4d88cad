namespace RustyOnions.Erasure;

/// <summary>
/// The inner loop that multiplies shards by GF(2^8) coefficients. Every kernel produces
/// byte-identical output; they differ only in speed and in the CPU features they need.
/// </summary>
public enum ErasureKernel
{
    /// <summary>The fastest kernel this CPU supports (see <see cref="ReedSolomon.BestKernel"/>).</summary>
    Auto = 0,

    /// <summary>Portable table lookups (a 64 KiB product table); runs anywhere, ~100x slower.</summary>
    Scalar = 1,

    /// <summary>Split-nibble lookups with 256-bit byte shuffles (AVX2 vpshufb).</summary>
    Avx2 = 2,

    /// <summary>Split-nibble lookups with 512-bit byte shuffles (AVX-512BW vpshufb).</summary>
    Avx512 = 3,

    /// <summary>One GF2P8AFFINEQB per coefficient on 256-bit vectors (GFNI + AVX).</summary>
    Gfni256 = 4,

    /// <summary>One GF2P8AFFINEQB per coefficient on 512-bit vectors (GFNI + AVX-512).</summary>
    Gfni512 = 5,
}
