using System.Buffers.Binary;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Store;

/// <summary>
/// The <c>.b3o</c> sidecar: <c>"RONOB1" | u16 version | u64 size | u32 block size | digest[32] |
/// block hashes[32 × n] | BLAKE3(all preceding)[32]</c>, integers little-endian. The trailer lets
/// a damaged outboard be told apart from damaged data.
/// </summary>
internal static class Outboard
{
    public const ushort Version = 1;
    public const int HeaderLength = 6 + 2 + 8 + 4 + StoreLayout.HashLength;

    private static ReadOnlySpan<byte> Magic => "RONOB1"u8;

    public static byte[] Encode(ContentId addr, long size, ReadOnlySpan<byte> blockHashes)
    {
        var buf = new byte[HeaderLength + blockHashes.Length + StoreLayout.HashLength];
        Magic.CopyTo(buf);
        BinaryPrimitives.WriteUInt16LittleEndian(buf.AsSpan(6), Version);
        BinaryPrimitives.WriteInt64LittleEndian(buf.AsSpan(8), size);
        BinaryPrimitives.WriteInt32LittleEndian(buf.AsSpan(16), StoreLayout.BlockSize);
        addr.Digest.CopyTo(buf.AsSpan(20));
        blockHashes.CopyTo(buf.AsSpan(HeaderLength));
        var body = buf.Length - StoreLayout.HashLength;
        Blake3.Hasher.Hash(buf.AsSpan(0, body), buf.AsSpan(body));
        return buf;
    }

    /// <summary>Decodes and checks an outboard; false when it is damaged or belongs elsewhere.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, ContentId addr, out long size, out byte[] blockHashes)
    {
        size = 0;
        blockHashes = [];
        if (data.Length < HeaderLength + StoreLayout.HashLength || !data[..6].SequenceEqual(Magic)
            || BinaryPrimitives.ReadUInt16LittleEndian(data[6..]) != Version
            || BinaryPrimitives.ReadInt32LittleEndian(data[16..]) != StoreLayout.BlockSize
            || !addr.Matches(data.Slice(20, StoreLayout.HashLength)))
        {
            return false;
        }

        var declared = BinaryPrimitives.ReadInt64LittleEndian(data[8..]);
        if (declared < 0 || data.Length != HeaderLength + ((StoreLayout.BlockCount(declared) + 1) * StoreLayout.HashLength))
        {
            return false;
        }

        var body = data.Length - StoreLayout.HashLength;
        Span<byte> check = stackalloc byte[StoreLayout.HashLength];
        Blake3.Hasher.Hash(data[..body], check);
        if (!check.SequenceEqual(data[body..]))
        {
            return false;
        }

        size = declared;
        blockHashes = data[HeaderLength..body].ToArray();
        return true;
    }
}
