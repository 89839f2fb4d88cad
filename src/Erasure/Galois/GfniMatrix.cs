using System.Buffers.Binary;

namespace RustyOnions.Erasure.Galois;

/// <summary>
/// Multiplication by a constant c in GF(2^8)/0x11D is linear over GF(2), so it is an 8x8 bit
/// matrix, which GF2P8AFFINEQB applies to every byte. (GF2P8MULB would be one instruction too, but
/// it is hard-wired to the AES polynomial 0x11B and gives different products.)
/// </summary>
internal static class GfniMatrix
{
    /// <summary>
    /// The affine-transform qword for "multiply by c": GF2P8AFFINEQB computes output bit i as the
    /// parity of (matrix byte 7-i AND x), so byte 7-i holds, for each input bit b, whether bit i
    /// of c*2^b is set.
    /// </summary>
    public static ulong For(byte c)
    {
        ulong matrix = 0;
        for (int i = 0; i < 8; i++)
        {
            int row = 0;
            for (int b = 0; b < 8; b++)
            {
                if (((GaloisField.Mul(c, (byte)(1 << b)) >> i) & 1) != 0)
                {
                    row |= 1 << b;
                }
            }

            matrix |= (ulong)row << (8 * (7 - i));
        }

        return matrix;
    }

    /// <summary>Writes the qword for c once per 8 bytes of <paramref name="entry"/> (a broadcast vector).</summary>
    public static void WriteBroadcast(byte c, Span<byte> entry)
    {
        ulong matrix = For(c);
        for (int at = 0; at < entry.Length; at += 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(entry[at..], matrix);
        }
    }
}
