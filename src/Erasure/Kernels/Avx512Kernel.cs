using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RustyOnions.Erasure.Kernels;

/// <summary>
/// Split-nibble multiplication on 64-byte vectors (the ISA-L AVX-512 method): c*x =
/// T_lo[x &amp; 15] XOR T_hi[x &gt;&gt; 4], each a 16-entry vpshufb lookup. The nibbles of an input
/// chunk are computed once and reused for up to 8 output rows.
/// </summary>
internal sealed unsafe class Avx512Kernel : CodingKernel
{
    private const int V = 64;
    private const int Entry = 2 * V;
    private const int MaxGroup = 8;

    public override ErasureKernel Kind => ErasureKernel.Avx512;

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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Mul(Vector512<byte> lo, Vector512<byte> hi, byte* entry) =>
        Avx512BW.Shuffle(Vector512.Load(entry), lo) ^ Avx512BW.Shuffle(Vector512.Load(entry + V), hi);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TGroup>(CodingTables tables, int row0, byte** inputs, byte** outputs, nint length)
        where TGroup : struct, IGroupSize
    {
        int cols = tables.Cols;
        nint stride = (nint)tables.Rows * Entry;
        byte* first = tables.Entries + ((nint)row0 * Entry);
        byte** outs = outputs + row0;
        var mask = LowNibbles512;
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
                var lo = x & mask;
                var hi = Avx512BW.ShiftRightLogical(x.AsUInt16(), 4).AsByte() & mask;
                a0 ^= Mul(lo, hi, e);
                if (TGroup.Value > 1) { a1 ^= Mul(lo, hi, e + Entry); }
                if (TGroup.Value > 2) { a2 ^= Mul(lo, hi, e + (2 * Entry)); }
                if (TGroup.Value > 3) { a3 ^= Mul(lo, hi, e + (3 * Entry)); }
                if (TGroup.Value > 4) { a4 ^= Mul(lo, hi, e + (4 * Entry)); }
                if (TGroup.Value > 5) { a5 ^= Mul(lo, hi, e + (5 * Entry)); }
                if (TGroup.Value > 6) { a6 ^= Mul(lo, hi, e + (6 * Entry)); }
                if (TGroup.Value > 7) { a7 ^= Mul(lo, hi, e + (7 * Entry)); }
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

            // Overlapping last chunk: see Gfni512Kernel.
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MulX2(Vector512<byte> lx, Vector512<byte> hx, Vector512<byte> ly, Vector512<byte> hy, byte* entry, ref Vector512<byte> ax, ref Vector512<byte> ay)
    {
        var tlo = Vector512.Load(entry);
        var thi = Vector512.Load(entry + V);
        ax ^= Avx512BW.Shuffle(tlo, lx) ^ Avx512BW.Shuffle(thi, hx);
        ay ^= Avx512BW.Shuffle(tlo, ly) ^ Avx512BW.Shuffle(thi, hy);
    }

    /// <summary>Two vectors (128 bytes) per step, sharing each coefficient's table loads (see Gfni512Kernel.RunX2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunX2<TGroup>(CodingTables tables, int row0, byte** inputs, byte** outputs, nint length)
        where TGroup : struct, IGroupSize
    {
        nint cols = tables.Cols;
        nint stride = (nint)tables.Rows * Entry;
        byte* first = tables.Entries + ((nint)row0 * Entry);
        byte** outs = outputs + row0;
        var mask = LowNibbles512;
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
                var lx = x & mask;
                var hx = Avx512BW.ShiftRightLogical(x.AsUInt16(), 4).AsByte() & mask;
                var ly = y & mask;
                var hy = Avx512BW.ShiftRightLogical(y.AsUInt16(), 4).AsByte() & mask;
                MulX2(lx, hx, ly, hy, e, ref a0, ref b0);
                if (TGroup.Value > 1) { MulX2(lx, hx, ly, hy, e + Entry, ref a1, ref b1); }
                if (TGroup.Value > 2) { MulX2(lx, hx, ly, hy, e + (2 * Entry), ref a2, ref b2); }
                if (TGroup.Value > 3) { MulX2(lx, hx, ly, hy, e + (3 * Entry), ref a3, ref b3); }
                if (TGroup.Value > 4) { MulX2(lx, hx, ly, hy, e + (4 * Entry), ref a4, ref b4); }
                if (TGroup.Value > 5) { MulX2(lx, hx, ly, hy, e + (5 * Entry), ref a5, ref b5); }
                if (TGroup.Value > 6) { MulX2(lx, hx, ly, hy, e + (6 * Entry), ref a6, ref b6); }
                if (TGroup.Value > 7) { MulX2(lx, hx, ly, hy, e + (7 * Entry), ref a7, ref b7); }
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
