using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using RustyOnions.Erasure.Galois;

namespace RustyOnions.Erasure.Kernels;

/// <summary>
/// GF2P8AFFINEQB on 64-byte vectors. Loop order as in ISA-L: for each 64-byte position, load each
/// input once and fold it into up to 8 output accumulators held in registers, so a stripe's data
/// crosses the memory bus once per 8 output rows (once in total for m &lt;= 8).
/// </summary>
internal sealed unsafe class Gfni512Kernel : CodingKernel
{
    private const int V = 64;
    private const int MaxGroup = 8;

    public override ErasureKernel Kind => ErasureKernel.Gfni512;

    protected override int EntrySize => V;

    protected override void WriteEntry(byte coefficient, Span<byte> entry) => GfniMatrix.WriteBroadcast(coefficient, entry);

    public override void Multiply(CodingTables tables, byte** inputs, byte** outputs, nint length)
    {
        if (length < V)
        {
            ScalarKernel.MultiplyRange(tables, inputs, outputs, 0, length);
            return;
        }

        if (length >= 2 * V)
        {
            MultiplyUnrolled(tables, inputs, outputs, length);
            return;
        }

        for (int row = 0; row < tables.Rows; row += MaxGroup)
        {
            switch (Math.Min(MaxGroup, tables.Rows - row))
            {
                case 1: Run<Group1>(tables, row, inputs, outputs, length); break;
                case 2: Run<Group2>(tables, row, inputs, outputs, length); break;
                case 3: Run<Group3>(tables, row, inputs, outputs, length); break;
                case 4: Run<Group4>(tables, row, inputs, outputs, length); break;
                case 5: Run<Group5>(tables, row, inputs, outputs, length); break;
                case 6: Run<Group6>(tables, row, inputs, outputs, length); break;
                case 7: Run<Group7>(tables, row, inputs, outputs, length); break;
                default: Run<Group8>(tables, row, inputs, outputs, length); break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TGroup>(CodingTables tables, int row0, byte** inputs, byte** outputs, nint length)
        where TGroup : struct, IGroupSize
    {
        int cols = tables.Cols;
        nint stride = (nint)tables.Rows * V;
        byte* first = tables.Entries + ((nint)row0 * V);
        byte** outs = outputs + row0;
        nint last = length - V;
        nint off = 0;
        while (true)
        {
            Vector512<byte> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector512<byte> a4 = default, a5 = default, a6 = default, a7 = default;
            byte* e = first;
            for (int c = 0; c < cols; c++, e += stride)
            {
                var x = Vector512.Load(inputs[c] + off);
                a0 ^= Gfni.V512.GaloisFieldAffineTransform(x, Vector512.Load(e), 0);
                if (TGroup.Value > 1) { a1 ^= Gfni.V512.GaloisFieldAffineTransform(x, Vector512.Load(e + V), 0); }
                if (TGroup.Value > 2) { a2 ^= Gfni.V512.GaloisFieldAffineTransform(x, Vector512.Load(e + (2 * V)), 0); }
                if (TGroup.Value > 3) { a3 ^= Gfni.V512.GaloisFieldAffineTransform(x, Vector512.Load(e + (3 * V)), 0); }
                if (TGroup.Value > 4) { a4 ^= Gfni.V512.GaloisFieldAffineTransform(x, Vector512.Load(e + (4 * V)), 0); }
                if (TGroup.Value > 5) { a5 ^= Gfni.V512.GaloisFieldAffineTransform(x, Vector512.Load(e + (5 * V)), 0); }
                if (TGroup.Value > 6) { a6 ^= Gfni.V512.GaloisFieldAffineTransform(x, Vector512.Load(e + (6 * V)), 0); }
                if (TGroup.Value > 7) { a7 ^= Gfni.V512.GaloisFieldAffineTransform(x, Vector512.Load(e + (7 * V)), 0); }
            }

            Vector512.Store(a0, outs[0] + off);
            if (TGroup.Value > 1) { Vector512.Store(a1, outs[1] + off); }
            if (TGroup.Value > 2) { Vector512.Store(a2, outs[2] + off); }
            if (TGroup.Value > 3) { Vector512.Store(a3, outs[3] + off); }
            if (TGroup.Value > 4) { Vector512.Store(a4, outs[4] + off); }
            if (TGroup.Value > 5) { Vector512.Store(a5, outs[5] + off); }
            if (TGroup.Value > 6) { Vector512.Store(a6, outs[6] + off); }
            if (TGroup.Value > 7) { Vector512.Store(a7, outs[7] + off); }

            if (off == last)
            {
                break;
            }

            // The last chunk may overlap the previous one; outputs are overwritten, so recomputing
            // a few bytes is harmless and cheaper than a scalar tail.
            off = Math.Min(off + V, last);
        }
    }

    private static void MultiplyUnrolled(CodingTables tables, byte** inputs, byte** outputs, nint length)
    {
        for (int row = 0; row < tables.Rows; row += MaxGroup)
        {
            switch (Math.Min(MaxGroup, tables.Rows - row))
            {
                case 1: RunX2<Group1>(tables, row, inputs, outputs, length); break;
                case 2: RunX2<Group2>(tables, row, inputs, outputs, length); break;
                case 3: RunX2<Group3>(tables, row, inputs, outputs, length); break;
                case 4: RunX2<Group4>(tables, row, inputs, outputs, length); break;
                case 5: RunX2<Group5>(tables, row, inputs, outputs, length); break;
                case 6: RunX2<Group6>(tables, row, inputs, outputs, length); break;
                case 7: RunX2<Group7>(tables, row, inputs, outputs, length); break;
                default: RunX2<Group8>(tables, row, inputs, outputs, length); break;
            }
        }
    }

    /// <summary>
    /// Two vectors (128 bytes) per step: each coefficient matrix is loaded once for both, and the
    /// per-input loop overhead is halved, which matters when few output rows share an input load
    /// (RS(4,2)). Up to 16 accumulators + 2 inputs + 1 matrix fit AVX-512's 32 registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunX2<TGroup>(CodingTables tables, int row0, byte** inputs, byte** outputs, nint length)
        where TGroup : struct, IGroupSize
    {
        nint cols = tables.Cols;
        nint stride = (nint)tables.Rows * V;
        byte* first = tables.Entries + ((nint)row0 * V);
        byte** outs = outputs + row0;
        nint last = length - (2 * V);
        nint off = 0;
        while (true)
        {
            Vector512<byte> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector512<byte> a4 = default, a5 = default, a6 = default, a7 = default;
            Vector512<byte> b0 = default, b1 = default, b2 = default, b3 = default;
            Vector512<byte> b4 = default, b5 = default, b6 = default, b7 = default;
            byte* e = first;
            for (nint c = 0; c < cols; c++, e += stride)
            {
                byte* input = inputs[c] + off;
                var x = Vector512.Load(input);
                var y = Vector512.Load(input + V);
                Vector512<byte> t = Vector512.Load(e);
                a0 ^= Gfni.V512.GaloisFieldAffineTransform(x, t, 0);
                b0 ^= Gfni.V512.GaloisFieldAffineTransform(y, t, 0);
                if (TGroup.Value > 1) { t = Vector512.Load(e + V); a1 ^= Gfni.V512.GaloisFieldAffineTransform(x, t, 0); b1 ^= Gfni.V512.GaloisFieldAffineTransform(y, t, 0); }
                if (TGroup.Value > 2) { t = Vector512.Load(e + (2 * V)); a2 ^= Gfni.V512.GaloisFieldAffineTransform(x, t, 0); b2 ^= Gfni.V512.GaloisFieldAffineTransform(y, t, 0); }
                if (TGroup.Value > 3) { t = Vector512.Load(e + (3 * V)); a3 ^= Gfni.V512.GaloisFieldAffineTransform(x, t, 0); b3 ^= Gfni.V512.GaloisFieldAffineTransform(y, t, 0); }
                if (TGroup.Value > 4) { t = Vector512.Load(e + (4 * V)); a4 ^= Gfni.V512.GaloisFieldAffineTransform(x, t, 0); b4 ^= Gfni.V512.GaloisFieldAffineTransform(y, t, 0); }
                if (TGroup.Value > 5) { t = Vector512.Load(e + (5 * V)); a5 ^= Gfni.V512.GaloisFieldAffineTransform(x, t, 0); b5 ^= Gfni.V512.GaloisFieldAffineTransform(y, t, 0); }
                if (TGroup.Value > 6) { t = Vector512.Load(e + (6 * V)); a6 ^= Gfni.V512.GaloisFieldAffineTransform(x, t, 0); b6 ^= Gfni.V512.GaloisFieldAffineTransform(y, t, 0); }
                if (TGroup.Value > 7) { t = Vector512.Load(e + (7 * V)); a7 ^= Gfni.V512.GaloisFieldAffineTransform(x, t, 0); b7 ^= Gfni.V512.GaloisFieldAffineTransform(y, t, 0); }
            }

            Store(a0, b0, outs[0] + off);
            if (TGroup.Value > 1) { Store(a1, b1, outs[1] + off); }
            if (TGroup.Value > 2) { Store(a2, b2, outs[2] + off); }
            if (TGroup.Value > 3) { Store(a3, b3, outs[3] + off); }
            if (TGroup.Value > 4) { Store(a4, b4, outs[4] + off); }
            if (TGroup.Value > 5) { Store(a5, b5, outs[5] + off); }
            if (TGroup.Value > 6) { Store(a6, b6, outs[6] + off); }
            if (TGroup.Value > 7) { Store(a7, b7, outs[7] + off); }

            if (off == last)
            {
                break;
            }

            off = Math.Min(off + (2 * V), last);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<byte> first, Vector512<byte> second, byte* destination)
    {
        Vector512.Store(first, destination);
        Vector512.Store(second, destination + V);
    }
}
