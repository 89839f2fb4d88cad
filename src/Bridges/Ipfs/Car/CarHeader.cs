using System.Text;
using RustyOnions.Bridges.Ipfs.Multiformats;

namespace RustyOnions.Bridges.Ipfs.Car;

/// <summary>The CARv1 header, dag-cbor <c>{"roots": [CID...], "version": 1}</c>: written by hand in canonical
/// dag-cbor (keys by length, CIDs as tag 42 byte strings with a 0x00 prefix) and read with a minimal bounded CBOR
/// reader that accepts exactly that shape.</summary>
internal static class CarHeader
{
    private static readonly byte[] RootsKey = Encoding.ASCII.GetBytes("roots");
    private static readonly byte[] VersionKey = Encoding.ASCII.GetBytes("version");

    public static byte[] Encode(IReadOnlyList<Cid> roots)
    {
        using var ms = new MemoryStream();
        ms.WriteByte(0xA2); // map(2)
        WriteHead(ms, 3, (ulong)RootsKey.Length);
        ms.Write(RootsKey);
        WriteHead(ms, 4, (ulong)roots.Count);
        foreach (var root in roots)
        {
            ms.WriteByte(0xD8); // tag(42)
            ms.WriteByte(42);
            WriteHead(ms, 2, (ulong)root.Bytes.Length + 1);
            ms.WriteByte(0x00); // multibase identity prefix required by dag-cbor CIDs
            ms.Write(root.Bytes);
        }
        WriteHead(ms, 3, (ulong)VersionKey.Length);
        ms.Write(VersionKey);
        ms.WriteByte(0x01);
        return ms.ToArray();
    }

    public static IReadOnlyList<Cid> Decode(ReadOnlySpan<byte> cbor, IpfsLimits limits)
    {
        int pos = 0;
        var (major, count) = ReadHead(cbor, ref pos);
        if (major != 5)
            throw Bad($"expected a map, got CBOR major type {major}");
        if (count > 4)
            throw Bad($"map with {count} entries");
        List<Cid>? roots = null;
        ulong? version = null;
        for (ulong i = 0; i < count; i++)
        {
            var key = ReadText(cbor, ref pos, 16);
            if (key.SequenceEqual(RootsKey))
            {
                if (roots is not null)
                    throw Bad("duplicate roots");
                var (m, n) = ReadHead(cbor, ref pos);
                if (m != 4)
                    throw Bad($"roots is CBOR major type {m}, expected an array");
                if (n > (ulong)limits.MaxCarRoots)
                    throw new IpfsLimitException($"CAR header: {n} roots exceed {limits.MaxCarRoots}");
                roots = [];
                for (ulong r = 0; r < n; r++)
                    roots.Add(ReadCid(cbor, ref pos));
            }
            else if (key.SequenceEqual(VersionKey))
            {
                if (version is not null)
                    throw Bad("duplicate version");
                var (m, v) = ReadHead(cbor, ref pos);
                if (m != 0)
                    throw Bad($"version is CBOR major type {m}, expected an unsigned integer");
                version = v;
            }
            else
            {
                throw Bad($"unexpected key '{Encoding.UTF8.GetString(key)}'");
            }
        }
        if (pos != cbor.Length)
            throw Bad($"{cbor.Length - pos} trailing bytes");
        if (version is null)
            throw Bad("missing version");
        if (version != 1)
            throw Bad($"unsupported version {version} (only CARv1)");
        if (roots is null)
            throw Bad("missing roots");
        return roots;
    }

    private static Cid ReadCid(ReadOnlySpan<byte> cbor, ref int pos)
    {
        var (m, tag) = ReadHead(cbor, ref pos);
        if (m != 6 || tag != 42)
            throw Bad("root is not a CID (tag 42)");
        var bytes = ReadString(cbor, ref pos, 2, Cid.MaxBinaryLength + 1);
        if (bytes.Length < 2 || bytes[0] != 0x00)
            throw Bad("root CID lacks the 0x00 multibase prefix");
        return Cid.FromBytes(bytes[1..]);
    }

    private static ReadOnlySpan<byte> ReadText(ReadOnlySpan<byte> cbor, ref int pos, int max) => ReadString(cbor, ref pos, 3, max);

    private static ReadOnlySpan<byte> ReadString(ReadOnlySpan<byte> cbor, ref int pos, int major, int max)
    {
        var (m, len) = ReadHead(cbor, ref pos);
        if (m != major)
            throw Bad($"CBOR major type {m}, expected {major}");
        if (len > (ulong)max || len > (ulong)(cbor.Length - pos))
            throw Bad($"string of {len} bytes is too long or truncated");
        var s = cbor.Slice(pos, (int)len);
        pos += (int)len;
        return s;
    }

    private static (int Major, ulong Value) ReadHead(ReadOnlySpan<byte> cbor, ref int pos)
    {
        if (pos >= cbor.Length)
            throw Bad("truncated");
        byte b = cbor[pos++];
        int major = b >> 5, info = b & 31;
        if (info < 24)
            return (major, (ulong)info);
        int n = info switch
        {
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            _ => throw Bad($"unsupported CBOR additional info {info} (indefinite lengths are not dag-cbor)"),
        };
        if (cbor.Length - pos < n)
            throw Bad("truncated");
        ulong v = 0;
        for (int i = 0; i < n; i++)
            v = (v << 8) | cbor[pos++];
        return (major, v);
    }

    private static void WriteHead(Stream s, int major, ulong value)
    {
        byte m = (byte)(major << 5);
        if (value < 24)
        {
            s.WriteByte((byte)(m | (byte)value));
        }
        else if (value < 256)
        {
            s.WriteByte((byte)(m | 24));
            s.WriteByte((byte)value);
        }
        else
        {
            s.WriteByte((byte)(m | 25));
            s.WriteByte((byte)(value >> 8));
            s.WriteByte((byte)value);
        }
    }

    private static IpfsFormatException Bad(string what) => new($"CAR header: {what}");
}
