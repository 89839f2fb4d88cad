using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RustyOnions.Erasure.Kernels;

/// <summary>
/// Split-nibble multiplication on 32-byte vectors (the ISA-L AVX2 method): c*x =
/// T_lo[x &amp; 15] XOR T_hi[x &gt;&gt; 4], each a 16-entry vpshufb lookup. The nibbles of an input
/// chunk are computed once and reused for up to 8 output rows.
/// </summary>
internal sealed unsafe class Avx2Kernel : CodingKernel
{
    private const int V = 32;
    private const int Entry = 2 * V;
    private const int MaxGroup = 4; // 16 ymm registers on AVX2-only CPUs: 4 accumulators + nibbles + tables

    public override ErasureKernel Kind => ErasureKernel.Avx2;

    protected override int EntrySize => Entry;

    protected override void WriteEntry(byte coefficient, Span<byte> entry)
    {
        // vpshufb looks up within each 128-bit lane, so the 16-byte tables repeat per lane.
        WriteNibbleTables(coefficient, entry[..16], entry.Slice(V, 16));
        for (int lane = 16; lane < V; lane += 16)
        {
            entry[..16].CopyTo(entry[lane..]);
            entry.Slice(V, 16).CopyTo(entry[(V + lane)..]);
        }
    }

    public override void Multiply(CodingTables tables, byte** inputs, byte** outputs, nint length)
    {
        if (length < V)
        {
            ScalarKernel.MultiplyRange(tables, inputs, outputs, 0, length);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Mul(Vector256<byte> lo, Vector256<byte> hi, byte* entry) =>
        Avx2.Shuffle(Vector256.Load(entry), lo) ^ Avx2.Shuffle(Vector256.Load(entry + V), hi);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TGroup>(CodingTables tables, int row0, byte** inputs, byte** outputs, nint length)
        where TGroup : struct, IGroupSize
    {
        int cols = tables.Cols;
        nint stride = (nint)tables.Rows * Entry;
        byte* first = tables.Entries + ((nint)row0 * Entry);
        byte** outs = outputs + row0;
        var mask = LowNibbles256;
        nint last = length - V;
        nint off = 0;
        while (true)
        {
            Vector256<byte> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector256<byte> a4 = default, a5 = default, a6 = default, a7 = default;
            byte* e = first;
            for (int c = 0; c < cols; c++, e += stride)
            {
                var x = Vector256.Load(inputs[c] + off);
                var lo = x & mask;
                var hi = Avx2.ShiftRightLogical(x.AsUInt16(), 4).AsByte() & mask;
                a0 ^= Mul(lo, hi, e);
                if (TGroup.Value > 1) { a1 ^= Mul(lo, hi, e + Entry); }
                if (TGroup.Value > 2) { a2 ^= Mul(lo, hi, e + (2 * Entry)); }
                if (TGroup.Value > 3) { a3 ^= Mul(lo, hi, e + (3 * Entry)); }
                if (TGroup.Value > 4) { a4 ^= Mul(lo, hi, e + (4 * Entry)); }
                if (TGroup.Value > 5) { a5 ^= Mul(lo, hi, e + (5 * Entry)); }
                if (TGroup.Value > 6) { a6 ^= Mul(lo, hi, e + (6 * Entry)); }
                if (TGroup.Value > 7) { a7 ^= Mul(lo, hi, e + (7 * Entry)); }
            }

            Vector256.Store(a0, outs[0] + off);
            if (TGroup.Value > 1) { Vector256.Store(a1, outs[1] + off); }
            if (TGroup.Value > 2) { Vector256.Store(a2, outs[2] + off); }
            if (TGroup.Value > 3) { Vector256.Store(a3, outs[3] + off); }
            if (TGroup.Value > 4) { Vector256.Store(a4, outs[4] + off); }
            if (TGroup.Value > 5) { Vector256.Store(a5, outs[5] + off); }
            if (TGroup.Value > 6) { Vector256.Store(a6, outs[6] + off); }
            if (TGroup.Value > 7) { Vector256.Store(a7, outs[7] + off); }

            if (off == last)
            {
                break;
            }

            // Overlapping last chunk: see Gfni512Kernel.
            off = Math.Min(off + V, last);
        }
    }
}
