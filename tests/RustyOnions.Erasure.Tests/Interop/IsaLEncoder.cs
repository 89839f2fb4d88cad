using System.Runtime.InteropServices;

namespace RustyOnions.Erasure.Tests.Interop;

/// <summary>
/// A reusable ISA-L encoder over fixed pinned buffers (tables and pointer arrays prepared once), so
/// a timing loop measures ec_encode_data alone.
/// </summary>
internal sealed unsafe partial class IsaLEncoder : IDisposable
{
    private readonly GCHandle[] _handles;
    private readonly byte[] _tables;
    private readonly nint[] _pointers;
    private readonly int _k, _m, _length;

    public IsaLEncoder(int k, int m, byte[][] shards)
    {
        IsaL.EnsureLoaded();
        (_k, _m, _length) = (k, m, shards[0].Length);
        var matrix = IsaL.Cauchy1Matrix(k, m);
        _tables = new byte[32 * k * m];
        fixed (byte* a = matrix)
        fixed (byte* t = _tables)
        {
            EcInitTables(k, m, a + (k * k), t);
        }

        _handles = shards.Select(s => GCHandle.Alloc(s, GCHandleType.Pinned)).ToArray();
        _pointers = _handles.Select(h => h.AddrOfPinnedObject()).ToArray();
    }

    public void Encode()
    {
        fixed (byte* t = _tables)
        fixed (nint* p = _pointers)
        {
            EcEncodeData(_length, _k, _m, t, (byte**)p, (byte**)p + _k);
        }
    }

    public void Dispose()
    {
        foreach (var h in _handles)
        {
            h.Free();
        }
    }

    [LibraryImport("libisal.so.2", EntryPoint = "ec_init_tables")]
    private static partial void EcInitTables(int k, int rows, byte* a, byte* gftbls);

    [LibraryImport("libisal.so.2", EntryPoint = "ec_encode_data")]
    private static partial void EcEncodeData(int len, int k, int rows, byte* gftbls, byte** data, byte** coding);
}
