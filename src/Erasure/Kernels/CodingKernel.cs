using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RustyOnions.Erasure.Kernels;

/// <summary>
/// Computes outputs = coefficients x inputs over GF(2^8), byte position by byte position:
/// outputs[r][i] = XOR over c of coeff(r, c) * inputs[c][i]. Outputs are overwritten, never
/// accumulated into, which lets the vector kernels finish with one overlapping last chunk instead
/// of a scalar tail. Inputs and outputs must not overlap.
/// </summary>
internal abstract unsafe class CodingKernel
{
    public abstract ErasureKernel Kind { get; }

    /// <summary>Bytes of precomputed table per coefficient (0 for the scalar kernel).</summary>
    protected abstract int EntrySize { get; }

    protected abstract void WriteEntry(byte coefficient, Span<byte> entry);

    public abstract void Multiply(CodingTables tables, byte** inputs, byte** outputs, nint length);

    public CodingTables Prepare(byte[] coefficients, int rows, int cols) =>
        new(coefficients, rows, cols, EntrySize, WriteEntry);

    public static bool IsSupported(ErasureKernel kind) => kind switch
    {
        ErasureKernel.Auto or ErasureKernel.Scalar => true,
        ErasureKernel.Avx2 => Avx2.IsSupported,
        ErasureKernel.Avx512 => Avx512BW.IsSupported,
        ErasureKernel.Gfni256 => Gfni.V256.IsSupported && Avx2.IsSupported,
        ErasureKernel.Gfni512 => Gfni.V512.IsSupported && Avx512BW.IsSupported,
        _ => false,
    };

    public static ErasureKernel Best()
    {
        // GFNI needs one instruction per coefficient where the nibble method needs two shuffles,
        // two ANDs and a shift, so it wins at equal width; width wins next.
        foreach (var kind in (ReadOnlySpan<ErasureKernel>)[ErasureKernel.Gfni512, ErasureKernel.Avx512, ErasureKernel.Gfni256, ErasureKernel.Avx2])
        {
            if (IsSupported(kind))
            {
                return kind;
            }
        }

        return ErasureKernel.Scalar;
    }

    public static CodingKernel Create(ErasureKernel kind) => kind switch
    {
        ErasureKernel.Scalar => new ScalarKernel(),
        ErasureKernel.Avx2 => new Avx2Kernel(),
        ErasureKernel.Avx512 => new Avx512Kernel(),
        ErasureKernel.Gfni256 => new Gfni256Kernel(),
        ErasureKernel.Gfni512 => new Gfni512Kernel(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no kernel of that kind"),
    };

    /// <summary>Low-nibble products then high-nibble products: the 32 bytes vpshufb needs per coefficient.</summary>
    protected static void WriteNibbleTables(byte coefficient, Span<byte> lo, Span<byte> hi)
    {
        var row = Galois.GaloisField.MulRow(coefficient);
        for (int x = 0; x < 16; x++)
        {
            lo[x] = row[x];
            hi[x] = row[x << 4];
        }
    }

    protected static Vector512<byte> LowNibbles512 => Vector512.Create((byte)0x0F);

    protected static Vector256<byte> LowNibbles256 => Vector256.Create((byte)0x0F);
}
