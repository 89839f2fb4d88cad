using RustyOnions.Erasure.Galois;

namespace RustyOnions.Erasure.Kernels;

/// <summary>
/// The reference kernel: one 256-byte product row per coefficient. Also finishes inputs shorter
/// than one vector for the SIMD kernels.
/// </summary>
internal sealed unsafe class ScalarKernel : CodingKernel
{
    public override ErasureKernel Kind => ErasureKernel.Scalar;

    protected override int EntrySize => 0;

    protected override void WriteEntry(byte coefficient, Span<byte> entry)
    {
    }

    public override void Multiply(CodingTables tables, byte** inputs, byte** outputs, nint length) =>
        MultiplyRange(tables, inputs, outputs, 0, length);

    public static void MultiplyRange(CodingTables tables, byte** inputs, byte** outputs, nint start, nint end)
    {
        byte[] coefficients = tables.Coefficients;
        int cols = tables.Cols;
        fixed (byte* mul = GaloisField.MulTable)
        {
            for (int r = 0; r < tables.Rows; r++)
            {
                byte* output = outputs[r];
                byte* row = mul + (coefficients[r * cols] << 8);
                byte* input = inputs[0];
                for (nint i = start; i < end; i++)
                {
                    output[i] = row[input[i]];
                }

                for (int c = 1; c < cols; c++)
                {
                    row = mul + (coefficients[(r * cols) + c] << 8);
                    input = inputs[c];
                    for (nint i = start; i < end; i++)
                    {
                        output[i] ^= row[input[i]];
                    }
                }
            }
        }
    }
}
