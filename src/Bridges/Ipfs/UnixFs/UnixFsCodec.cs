using RustyOnions.Bridges.Ipfs.DagPb;

namespace RustyOnions.Bridges.Ipfs.UnixFs;

/// <summary>Byte-exact UnixFS Data encoding (fields in number order, blocksizes non-packed) and bounded decoding.</summary>
public static class UnixFsCodec
{
    /// <summary>Encoded size of <paramref name="data"/>.</summary>
    public static int GetEncodedLength(UnixFsData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int size = ProtoWriter.VarintFieldSize(1, (ulong)data.Type);
        if (data.Data is { } d)
            size += ProtoWriter.BytesFieldSize(2, d.Length);
        if (data.FileSize is { } fs)
            size += ProtoWriter.VarintFieldSize(3, fs);
        foreach (ulong bs in data.BlockSizes)
            size += ProtoWriter.VarintFieldSize(4, bs);
        if (data.HashType is { } ht)
            size += ProtoWriter.VarintFieldSize(5, ht);
        if (data.Fanout is { } fo)
            size += ProtoWriter.VarintFieldSize(6, fo);
        return size;
    }

    /// <summary>Encodes <paramref name="data"/>.</summary>
    public static byte[] Encode(UnixFsData data)
    {
        var buffer = new byte[GetEncodedLength(data)];
        var w = new ProtoWriter(buffer);
        w.WriteVarintField(1, (ulong)data.Type);
        if (data.Data is { } d)
            w.WriteBytesField(2, d.Span);
        if (data.FileSize is { } fs)
            w.WriteVarintField(3, fs);
        foreach (ulong bs in data.BlockSizes)
            w.WriteVarintField(4, bs);
        if (data.HashType is { } ht)
            w.WriteVarintField(5, ht);
        if (data.Fanout is { } fo)
            w.WriteVarintField(6, fo);
        return buffer;
    }

    /// <summary>Decodes a UnixFS Data message. Unknown fields with varint or length-delimited wire types are skipped
    /// (mode, mtime, future fields); other wire types are errors.</summary>
    /// <exception cref="IpfsFormatException">Missing or unknown Type, duplicate scalar fields, truncation.</exception>
    /// <exception cref="IpfsLimitException">More than <see cref="IpfsLimits.MaxLinks"/> blocksizes.</exception>
    public static UnixFsData Decode(ReadOnlySpan<byte> bytes, IpfsLimits? limits = null)
    {
        limits ??= IpfsLimits.Default;
        var r = new ProtoReader(bytes, "UnixFS Data");
        ulong? type = null, fileSize = null, hashType = null, fanout = null;
        ReadOnlyMemory<byte>? data = null;
        var blockSizes = new List<ulong>();
        while (!r.End)
        {
            var (field, wire) = r.ReadKey();
            switch (field)
            {
                case 1:
                    r.Expect(wire, 0, "Type");
                    type = type is null ? r.ReadVarint("Type") : throw Duplicate("Type");
                    break;
                case 2:
                    r.Expect(wire, 2, "Data");
                    data = data is null ? r.ReadBytes("Data").ToArray() : throw Duplicate("Data");
                    break;
                case 3:
                    r.Expect(wire, 0, "filesize");
                    fileSize = fileSize is null ? r.ReadVarint("filesize") : throw Duplicate("filesize");
                    break;
                case 4 when wire == 0:
                    AddBlockSize(blockSizes, r.ReadVarint("blocksizes"), limits);
                    break;
                case 4:
                    // Packed form: some encoders write it; accept it, still bounded.
                    var packed = r.ReadBytes("blocksizes (packed)");
                    var pr = new ProtoReader(packed, "UnixFS Data blocksizes");
                    while (!pr.End)
                        AddBlockSize(blockSizes, pr.ReadVarint("blocksizes"), limits);
                    break;
                case 5:
                    r.Expect(wire, 0, "hashType");
                    hashType = r.ReadVarint("hashType");
                    break;
                case 6:
                    r.Expect(wire, 0, "fanout");
                    fanout = r.ReadVarint("fanout");
                    break;
                default:
                    r.Skip(wire, $"field {field}");
                    break;
            }
        }
        if (type is null)
            throw new IpfsFormatException("UnixFS Data: missing Type");
        if (type > (ulong)UnixFsType.HamtShard)
            throw new IpfsFormatException($"UnixFS Data: unknown Type {type}");
        return new UnixFsData((UnixFsType)type.Value, data, fileSize, blockSizes, hashType, fanout);
    }

    private static void AddBlockSize(List<ulong> list, ulong value, IpfsLimits limits)
    {
        if (list.Count >= limits.MaxLinks)
            throw new IpfsLimitException($"UnixFS Data: more than {limits.MaxLinks} blocksizes");
        list.Add(value);
    }

    private static IpfsFormatException Duplicate(string field) => new($"UnixFS Data: duplicate {field} field");
}
