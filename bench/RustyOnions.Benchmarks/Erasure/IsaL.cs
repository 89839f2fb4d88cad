using System.Runtime.InteropServices;

namespace RustyOnions.Benchmarks.Erasure;

/// <summary>
/// Intel ISA-L (Debian libisal2) through P/Invoke, to run it side by side with our codec in the
/// same process. A trimmed copy of tests/RustyOnions.Erasure.Tests/Interop/IsaL.cs working on
/// raw pointers so no marshalling is timed.
/// </summary>
internal static unsafe partial class IsaL
{
    private const string Library = "libisal.so.2";

    public static void EnsureLoaded()
    {
        if (!NativeLibrary.TryLoad(Library, out _))
        {
            throw new InvalidOperationException($"libisal2 missing: run scripts/install-deps ({Library} could not be loaded)");
        }
    }

    [LibraryImport(Library, EntryPoint = "gf_gen_cauchy1_matrix")]
    public static partial void GfGenCauchy1Matrix(byte* a, int m, int k);

    [LibraryImport(Library, EntryPoint = "ec_init_tables")]
    public static partial void EcInitTables(int k, int rows, byte* a, byte* gftbls);

    /// <summary>Dispatches to the best kernel of ISA-L 2.30 (AVX-512 here; 2.30 has no GFNI kernels).</summary>
    [LibraryImport(Library, EntryPoint = "ec_encode_data")]
    public static partial void EcEncodeData(int len, int k, int rows, byte* gftbls, byte** data, byte** coding);

    [LibraryImport(Library, EntryPoint = "ec_encode_data_avx2")]
    public static partial void EcEncodeDataAvx2(int len, int k, int rows, byte* gftbls, byte** data, byte** coding);

    [LibraryImport(Library, EntryPoint = "ec_encode_data_base")]
    public static partial void EcEncodeDataBase(int len, int k, int rows, byte* gftbls, byte** data, byte** coding);

    [LibraryImport(Library, EntryPoint = "gf_invert_matrix")]
    public static partial int GfInvertMatrix(byte* input, byte* output, int n);
}
