using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RustyOnions.Erasure.Kernels;

/// <summary>
/// A rows x cols coefficient matrix, prepared once for one kernel. Entries are laid out input-major
/// (entry (c, r) at index c * rows + r) because the kernels load one input chunk and then walk the
/// coefficients of every output row for that input.
/// </summary>
internal sealed unsafe class CodingTables
{
    private const int Alignment = 64;

    // Pinned (POH) so the kernels can keep a raw pointer for the lifetime of the tables.
    private readonly byte[] _storage;
    private readonly int _offset;

    public CodingTables(byte[] coefficients, int rows, int cols, int entrySize, Action<byte, Span<byte>> writeEntry)
    {
        Coefficients = coefficients;
        Rows = rows;
        Cols = cols;
        EntrySize = entrySize;
        _storage = GC.AllocateArray<byte>((rows * cols * entrySize) + Alignment, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_storage));
        _offset = (int)((Alignment - (address % Alignment)) % Alignment);
        if (entrySize == 0)
        {
            return;
        }

        for (int c = 0; c < cols; c++)
        {
            for (int r = 0; r < rows; r++)
            {
                int at = _offset + (((c * rows) + r) * entrySize);
                writeEntry(coefficients[(r * cols) + c], _storage.AsSpan(at, entrySize));
            }
        }
    }

    /// <summary>Row-major coefficients, rows x cols; what the scalar path and tails use.</summary>
    public byte[] Coefficients { get; }

    public int Rows { get; }

    public int Cols { get; }

    public int EntrySize { get; }

    /// <summary>64-byte aligned start of the kernel entries.</summary>
    public byte* Entries => (byte*)Unsafe.AsPointer(ref _storage[_offset]);
}
