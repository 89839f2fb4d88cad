namespace RustyOnions.Erasure.Galois;

/// <summary>
/// Arithmetic in GF(2^8) with the reducing polynomial x^8+x^4+x^3+x^2+1 (0x11D) and generator 2,
/// the field ISA-L, Jerasure and most storage Reed-Solomon codecs use.
/// </summary>
internal static class GaloisField
{
    public const int Polynomial = 0x11D;

    // Exp is doubled so Mul can index log(a)+log(b) without a modulo.
    private static readonly byte[] Exp = new byte[512];
    private static readonly byte[] Log = new byte[256];

    /// <summary>Row c holds c*x for every x: the scalar kernel's table (64 KiB, one row per coefficient).</summary>
    internal static readonly byte[] MulTable = new byte[256 * 256];

#pragma warning disable CA1810 // the tables depend on each other; one static constructor keeps the order explicit
    static GaloisField()
#pragma warning restore CA1810
    {
        int x = 1;
        for (int i = 0; i < 255; i++)
        {
            Exp[i] = (byte)x;
            Log[x] = (byte)i;
            x <<= 1;
            if ((x & 0x100) != 0)
            {
                x ^= Polynomial;
            }
        }

        for (int i = 255; i < 512; i++)
        {
            Exp[i] = Exp[i - 255];
        }

        for (int a = 0; a < 256; a++)
        {
            for (int b = 0; b < 256; b++)
            {
                MulTable[(a << 8) | b] = MulSlow((byte)a, (byte)b);
            }
        }
    }

    private static byte MulSlow(byte a, byte b) =>
        a == 0 || b == 0 ? (byte)0 : Exp[Log[a] + Log[b]];

    public static byte Mul(byte a, byte b) => MulTable[(a << 8) | b];

    /// <summary>Multiplicative inverse; 0 has none and maps to 0, as ISA-L's gf_inv does.</summary>
    public static byte Inv(byte a) => a == 0 ? (byte)0 : Exp[255 - Log[a]];

    /// <summary>The 256-byte row of products c*x, indexed by x.</summary>
    public static ReadOnlySpan<byte> MulRow(byte c) => MulTable.AsSpan(c << 8, 256);
}
