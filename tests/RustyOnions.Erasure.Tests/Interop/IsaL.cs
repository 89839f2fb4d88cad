using System.Runtime.InteropServices;

namespace RustyOnions.Erasure.Tests.Interop;

/// <summary>
/// Intel ISA-L (Debian libisal2) through P/Invoke: the reference our parity must equal byte for
/// byte. Every entry point here mirrors erasure_code.h of ISA-L 2.30.
/// </summary>
internal static unsafe partial class IsaL
{
    private const string Library = "libisal.so.2";

    private static readonly Lazy<string?> LoadError = new(() =>
        NativeLibrary.TryLoad(Library, out _) ? null : $"libisal2 missing: run scripts/install-deps ({Library} could not be loaded)");

    /// <summary>Fails the calling test with the install hint when the library is absent.</summary>
    public static void EnsureLoaded()
    {
        if (LoadError.Value is { } error)
        {
            Assert.Fail(error);
        }
    }

    [LibraryImport(Library, EntryPoint = "gf_gen_cauchy1_matrix")]
    private static partial void GfGenCauchy1Matrix(byte* a, int m, int k);

    [LibraryImport(Library, EntryPoint = "ec_init_tables")]
    private static partial void EcInitTables(int k, int rows, byte* a, byte* gftbls);

    [LibraryImport(Library, EntryPoint = "ec_encode_data")]
    private static partial void EcEncodeData(int len, int k, int rows, byte* gftbls, byte** data, byte** coding);

    [LibraryImport(Library, EntryPoint = "gf_invert_matrix")]
    private static partial int GfInvertMatrix(byte* input, byte* output, int n);

    [LibraryImport(Library, EntryPoint = "gf_mul")]
    public static partial byte GfMul(byte a, byte b);

    [LibraryImport(Library, EntryPoint = "gf_inv")]
    public static partial byte GfInv(byte a);

    /// <summary>gf_gen_cauchy1_matrix for k data and m parity rows: (k+m) x k, row-major.</summary>
    public static byte[] Cauchy1Matrix(int k, int m)
    {
        EnsureLoaded();
        var a = new byte[(k + m) * k];
        fixed (byte* p = a)
        {
            GfGenCauchy1Matrix(p, k + m, k);
        }

        return a;
    }

    /// <summary>gf_invert_matrix; null when ISA-L reports the matrix singular.</summary>
    public static byte[]? Invert(byte[] matrix, int n)
    {
        EnsureLoaded();
        var copy = (byte[])matrix.Clone(); // gf_invert_matrix destroys its input
        var output = new byte[n * n];
        fixed (byte* i = copy)
        fixed (byte* o = output)
        {
            return GfInvertMatrix(i, o, n) == 0 ? output : null;
        }
    }

    /// <summary>outputs = rows x inputs with ISA-L's ec_init_tables + ec_encode_data.</summary>
    public static void Multiply(byte[] rowsMatrix, int rows, byte[][] inputs, byte[][] outputs)
    {
        EnsureLoaded();
        int k = inputs.Length;
        int len = inputs.Length == 0 ? 0 : inputs[0].Length;
        var tables = new byte[32 * k * rows];
        var handles = new List<GCHandle>();
        try
        {
            var inPtrs = new nint[k];
            var outPtrs = new nint[rows];
            for (int i = 0; i < k; i++)
            {
                var h = GCHandle.Alloc(inputs[i], GCHandleType.Pinned);
                handles.Add(h);
                inPtrs[i] = h.AddrOfPinnedObject();
            }

            for (int i = 0; i < rows; i++)
            {
                var h = GCHandle.Alloc(outputs[i], GCHandleType.Pinned);
                handles.Add(h);
                outPtrs[i] = h.AddrOfPinnedObject();
            }

            fixed (byte* a = rowsMatrix)
            fixed (byte* t = tables)
            fixed (nint* ip = inPtrs)
            fixed (nint* op = outPtrs)
            {
                EcInitTables(k, rows, a, t);
                EcEncodeData(len, k, rows, t, (byte**)ip, (byte**)op);
            }
        }
        finally
        {
            foreach (var h in handles)
            {
                h.Free();
            }
        }
    }

    /// <summary>ISA-L's encode: parity rows of the Cauchy1 matrix times the data.</summary>
    public static byte[][] Encode(int k, int m, byte[][] data)
    {
        var matrix = Cauchy1Matrix(k, m);
        var parity = new byte[m][];
        for (int i = 0; i < m; i++)
        {
            parity[i] = new byte[data[0].Length];
        }

        Multiply(matrix[(k * k)..], m, data, parity);
        return parity;
    }
}
