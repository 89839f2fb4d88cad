using RustyOnions.Bridges.Ipfs;
using RustyOnions.Bridges.Ipfs.DagPb;
using RustyOnions.Bridges.Ipfs.Multiformats;
using RustyOnions.Bridges.Ipfs.UnixFs;

namespace RustyOnions.Bridges.Tests.Ipfs;

public class DagPbTests
{
    private static readonly Cid Leaf = Cid.Parse("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");

    [Fact]
    public void Reference_node_vector_decodes_to_its_fields_and_re_encodes_byte_for_byte()
    {
        foreach (var v in Vectors.Load("dag-pb.json").GetProperty("nodes").EnumerateArray())
        {
            var block = Convert.FromHexString(v.GetProperty("block_hex").GetString()!);
            var cid = Cid.Parse(v.GetProperty("cid").GetString()!);
            cid.Verify(block);
            var node = DagPbCodec.Decode(block);
            var links = v.GetProperty("links").EnumerateArray().ToArray();
            Assert.Equal(links.Length, node.Links.Count);
            for (int i = 0; i < links.Length; i++)
            {
                Assert.Equal(links[i].GetProperty("cid").GetString(), node.Links[i].Hash.ToString());
                Assert.Equal(links[i].GetProperty("name").GetString(), node.Links[i].Name);
                Assert.Equal(links[i].GetProperty("tsize").GetUInt64(), node.Links[i].Tsize);
            }
            var fs = UnixFsCodec.Decode(node.Data!.Value.Span);
            var expected = v.GetProperty("unixfs");
            Assert.Equal(expected.GetProperty("type").GetString(), fs.Type.ToString());
            Assert.Equal(expected.GetProperty("filesize").GetUInt64(), fs.FileSize);
            Assert.Equal(expected.GetProperty("blocksizes").EnumerateArray().Select(e => e.GetUInt64()), fs.BlockSizes);
            Assert.Null(fs.Data);

            Assert.Equal(node.Data.Value.ToArray(), UnixFsCodec.Encode(fs));
            Assert.Equal(block, DagPbCodec.Encode(node));
        }
    }

    [Fact]
    public void Encode_writes_links_before_data_and_empty_names_as_present()
    {
        var node = new PbNode([new PbLink(Leaf, "", 5)], new byte[] { 0x08, 0x02 });
        var hex = Convert.ToHexStringLower(DagPbCodec.Encode(node));
        // 12 len | 0a 24 <cid> | 12 00 | 18 05 ; then 0a 02 08 02
        Assert.Equal("122a0a24" + Convert.ToHexStringLower(Leaf.Bytes) + "12001805" + "0a020802", hex);
        var absent = DagPbCodec.Encode(new PbNode([new PbLink(Leaf, null, null)], null));
        Assert.Equal("12260a24" + Convert.ToHexStringLower(Leaf.Bytes), Convert.ToHexStringLower(absent));
        Assert.Null(DagPbCodec.Decode(absent).Links[0].Name);
    }

    [Theory]
    [InlineData("0a0102" + "1200", "Links must come before Data")]
    [InlineData("0a00" + "0a00", "duplicate Data")]
    [InlineData("1a00", "unexpected field 3")]
    [InlineData("0d00000000", "unsupported wire type 5")]
    [InlineData("090000000000000000", "unsupported wire type 1")]
    [InlineData("0805", "Data has wire type 0")]
    [InlineData("0a05aabb", "runs past the end")]
    [InlineData("12021805", "missing Hash")]
    [InlineData("1203120018", "truncated")]
    [InlineData("12041805" + "1200", "out of order")]
    [InlineData("1203" + "0a0100", "CID")]
    [InlineData("1204" + "1202c328", "not valid UTF-8")]
    public void Decode_rejects_malformed_nodes_with_precise_errors(string hex, string error)
    {
        var bytes = Convert.FromHexString(hex);
        var e = Assert.Throws<IpfsFormatException>(() => DagPbCodec.Decode(bytes));
        Assert.Contains(error, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_bounds_block_size_and_link_count()
    {
        Assert.Throws<IpfsLimitException>(() => DagPbCodec.Decode(new byte[IpfsLimits.DefaultMaxBlockSize + 1]));
        var links = Enumerable.Range(0, 11).Select(_ => new PbLink(Leaf, "", 1)).ToArray();
        var block = DagPbCodec.Encode(new PbNode(links, null));
        Assert.Equal(11, DagPbCodec.Decode(block).Links.Count);
        var e = Assert.Throws<IpfsLimitException>(() => DagPbCodec.Decode(block, new IpfsLimits(MaxLinks: 10)));
        Assert.Contains("more than 10 links", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnixFs_decode_requires_type_skips_unknown_fields_and_accepts_packed_blocksizes()
    {
        Assert.Contains("missing Type", Assert.Throws<IpfsFormatException>(() => UnixFsCodec.Decode(Convert.FromHexString("1805"))).Message,
            StringComparison.Ordinal);
        Assert.Contains("unknown Type 9", Assert.Throws<IpfsFormatException>(() => UnixFsCodec.Decode(Convert.FromHexString("0809"))).Message,
            StringComparison.Ordinal);
        Assert.Contains("duplicate Type", Assert.Throws<IpfsFormatException>(() => UnixFsCodec.Decode(Convert.FromHexString("08020802"))).Message,
            StringComparison.Ordinal);
        Assert.Contains("wire type 5", Assert.Throws<IpfsFormatException>(() => UnixFsCodec.Decode(Convert.FromHexString("0802" + "3d00000000"))).Message,
            StringComparison.Ordinal);
        // Type File, mode (7) = 0644 as an unknown-to-us field, packed blocksizes [4, 3].
        var fs = UnixFsCodec.Decode(Convert.FromHexString("0802" + "38a403" + "18 07".Replace(" ", "") + "22020403"));
        Assert.Equal(UnixFsType.File, fs.Type);
        Assert.Equal(7UL, fs.FileSize);
        Assert.Equal([4UL, 3UL], fs.BlockSizes);
        Assert.Throws<IpfsLimitException>(() => UnixFsCodec.Decode(Convert.FromHexString("080220012001"), new IpfsLimits(MaxLinks: 1)));
    }
}
