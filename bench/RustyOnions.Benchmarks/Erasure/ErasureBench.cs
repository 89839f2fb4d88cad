using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RustyOnions.Erasure;

namespace RustyOnions.Benchmarks.Erasure;

/// <summary>
/// One stripe of pinned shard buffers shared by our codec and ISA-L, plus ISA-L's encode tables
/// and pointer arrays, so both sides read and write exactly the same memory.
/// </summary>
internal sealed unsafe class ErasureBench : IDisposable
{
    private readonly GCHandle _pointerHandle;

    public ErasureBench(int k, int m, int shardSize)
    {
        IsaL.EnsureLoaded();
        K = k;
        M = m;
        ShardSize = shardSize;
        var random = new Random(42);
        Shards = new byte[k + m][];
        for (int i = 0; i < k + m; i++)
        {
            Shards[i] = GC.AllocateUninitializedArray<byte>(shardSize, pinned: true);
            random.NextBytes(Shards[i]);
        }

        Data = Shards[..k].Select(s => (ReadOnlyMemory<byte>)s).ToArray();
        Parity = Shards[k..].Select(s => (Memory<byte>)s).ToArray();
        All = Shards.Select(s => (Memory<byte>)s).ToArray();

        Matrix = new byte[(k + m) * k];
        fixed (byte* a = Matrix)
        {
            IsaL.GfGenCauchy1Matrix(a, k + m, k);
        }

        EncodeTables = GC.AllocateArray<byte>(32 * k * m, pinned: true);
        fixed (byte* a = Matrix)
        fixed (byte* t = EncodeTables)
        {
            IsaL.EcInitTables(k, m, a + (k * k), t);
        }

        // Pointers: all k+m shards in order, so Pointers = data, Pointers + k = parity.
        PointerArray = new nint[k + m];
        _pointerHandle = GCHandle.Alloc(PointerArray, GCHandleType.Pinned);
        for (int i = 0; i < k + m; i++)
        {
            PointerArray[i] = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Shards[i]));
        }
    }

    public int K { get; }

    public int M { get; }

    public int ShardSize { get; }

    public byte[][] Shards { get; }

    public ReadOnlyMemory<byte>[] Data { get; }

    public Memory<byte>[] Parity { get; }

    public Memory<byte>[] All { get; }

    public byte[] Matrix { get; }

    public byte[] EncodeTables { get; }

    public nint[] PointerArray { get; }

    public byte** Pointers => (byte**)_pointerHandle.AddrOfPinnedObject();

    public void Dispose() => _pointerHandle.Free();
}
