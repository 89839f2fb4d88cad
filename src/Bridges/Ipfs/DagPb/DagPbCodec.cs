using System.Text;
using RustyOnions.Bridges.Ipfs.Multiformats;

namespace RustyOnions.Bridges.Ipfs.DagPb;

/// <summary>Byte-exact dag-pb encoding and strict, bounded decoding (as @ipld/dag-pb and go-codec-dagpb).</summary>
public static class DagPbCodec
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Encoded size of <paramref name="node"/>.</summary>
    public static int GetEncodedLength(PbNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        int size = 0;
        foreach (var link in node.Links)
            size += ProtoWriter.BytesFieldSize(2, LinkLength(link));
        if (node.Data is { } data)
            size += ProtoWriter.BytesFieldSize(1, data.Length);
        return size;
    }

    /// <summary>Encodes <paramref name="node"/>: all Links first, then Data.</summary>
    public static byte[] Encode(PbNode node)
    {
        var buffer = new byte[GetEncodedLength(node)];
        int n = Encode(node, buffer);
        return n == buffer.Length ? buffer : throw new InvalidOperationException("dag-pb size mismatch");
    }

    /// <summary>Encodes into <paramref name="destination"/> (at least <see cref="GetEncodedLength"/> bytes); returns bytes written.</summary>
    public static int Encode(PbNode node, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(node);
        var w = new ProtoWriter(destination);
        foreach (var link in node.Links)
        {
            w.WriteBytesHeader(2, LinkLength(link));
            w.WriteBytesField(1, link.Hash.Bytes);
            if (link.Name is not null)
                w.WriteBytesField(2, Encoding.UTF8.GetBytes(link.Name));
            if (link.Tsize is { } t)
                w.WriteVarintField(3, t);
        }
        if (node.Data is { } data)
            w.WriteBytesField(1, data.Span);
        return w.Written;
    }

    /// <summary>Decodes a dag-pb block.</summary>
    /// <exception cref="IpfsLimitException">Block larger than <see cref="IpfsLimits.MaxBlockSize"/> or more than
    /// <see cref="IpfsLimits.MaxLinks"/> links.</exception>
    /// <exception cref="IpfsFormatException">Unknown field or wire type, Data before Links, duplicate or out-of-order
    /// link fields, missing Hash, invalid CID, invalid UTF-8 name, truncation.</exception>
    public static PbNode Decode(ReadOnlySpan<byte> block, IpfsLimits? limits = null)
    {
        limits ??= IpfsLimits.Default;
        if (block.Length > limits.MaxBlockSize)
            throw new IpfsLimitException($"dag-pb: block of {block.Length} bytes exceeds {limits.MaxBlockSize}");
        var r = new ProtoReader(block, "dag-pb PBNode");
        var links = new List<PbLink>();
        ReadOnlyMemory<byte>? data = null;
        while (!r.End)
        {
            var (field, wire) = r.ReadKey();
            switch (field)
            {
                case 1:
                    r.Expect(wire, 2, "Data");
                    if (data is not null)
                        throw new IpfsFormatException("dag-pb PBNode: duplicate Data field");
                    data = r.ReadBytes("Data").ToArray();
                    break;
                case 2:
                    r.Expect(wire, 2, "Links");
                    if (data is not null)
                        throw new IpfsFormatException("dag-pb PBNode: Links must come before Data");
                    if (links.Count >= limits.MaxLinks)
                        throw new IpfsLimitException($"dag-pb: more than {limits.MaxLinks} links in one node");
                    links.Add(DecodeLink(r.ReadBytes("Links"), links.Count));
                    break;
                default:
                    throw new IpfsFormatException($"dag-pb PBNode: unexpected field {field}");
            }
        }
        return new PbNode(links, data);
    }

    private static PbLink DecodeLink(ReadOnlySpan<byte> bytes, int index)
    {
        var r = new ProtoReader(bytes, $"dag-pb PBLink {index}");
        Cid? hash = null;
        string? name = null;
        ulong? tsize = null;
        int last = 0;
        while (!r.End)
        {
            var (field, wire) = r.ReadKey();
            if (field <= last)
                throw new IpfsFormatException($"dag-pb PBLink {index}: field {field} duplicated or out of order");
            last = field;
            switch (field)
            {
                case 1:
                    r.Expect(wire, 2, "Hash");
                    hash = Cid.FromBytes(r.ReadBytes("Hash"));
                    break;
                case 2:
                    r.Expect(wire, 2, "Name");
                    try
                    {
                        name = StrictUtf8.GetString(r.ReadBytes("Name"));
                    }
                    catch (DecoderFallbackException e)
                    {
                        throw new IpfsFormatException($"dag-pb PBLink {index}: Name is not valid UTF-8", e);
                    }
                    break;
                case 3:
                    r.Expect(wire, 0, "Tsize");
                    tsize = r.ReadVarint("Tsize");
                    break;
                default:
                    throw new IpfsFormatException($"dag-pb PBLink {index}: unexpected field {field}");
            }
        }
        if (hash is null)
            throw new IpfsFormatException($"dag-pb PBLink {index}: missing Hash");
        return new PbLink(hash, name, tsize);
    }

    private static int LinkLength(PbLink link)
    {
        int len = ProtoWriter.BytesFieldSize(1, link.Hash.Bytes.Length);
        if (link.Name is not null)
            len += ProtoWriter.BytesFieldSize(2, Encoding.UTF8.GetByteCount(link.Name));
        if (link.Tsize is { } t)
            len += ProtoWriter.VarintFieldSize(3, t);
        return len;
    }
}
