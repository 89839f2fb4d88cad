using RustyOnions.Bridges.Ipfs;
using RustyOnions.Bridges.Ipfs.Car;
using RustyOnions.Bridges.Ipfs.Multiformats;
using RustyOnions.Bridges.Ipfs.UnixFs;

namespace RustyOnions.Bridges.Tests.Ipfs;

public class CarTests
{
    private static IEnumerable<(string Root, string Content, byte[] Car, int ChunkSize)> ReferenceCars() =>
        Vectors.Load("car.json").GetProperty("cars").EnumerateArray().Select(c => (
            c.GetProperty("root").GetString()!,
            c.GetProperty("content_utf8").GetString()!,
            Convert.FromHexString(c.GetProperty("car_hex").GetString()!),
            c.GetProperty("chunk_size").GetInt32()));

    [Fact]
    public async Task Reference_cars_are_read_verified_and_reassembled()
    {
        foreach (var (root, content, car, _) in ReferenceCars())
        {
            var contents = await CarReader.ReadAllAsync(new MemoryStream(car));
            Assert.Equal(root, Assert.Single(contents.Roots).ToString());
            var output = new MemoryStream();
            await UnixFsReader.CopyToAsync(contents.Roots[0], contents.GetBlockAsync, output);
            Assert.Equal(content, System.Text.Encoding.UTF8.GetString(output.ToArray()));
        }
    }

    [Fact]
    public async Task Our_car_of_the_reference_files_is_byte_identical_to_the_reference()
    {
        foreach (var (root, content, car, chunkSize) in ReferenceCars())
        {
            var blocks = await UnixFsContentBlocks.BuildAsync(System.Text.Encoding.UTF8.GetBytes(content), new UnixFsImporterOptions(chunkSize));
            Assert.Equal(root, blocks.Root.ToString());
            var output = new MemoryStream();
            await UnixFsCarExporter.WriteCarAsync(output, blocks.Root, blocks.GetBlockAsync);
            Assert.Equal(Convert.ToHexStringLower(car), Convert.ToHexStringLower(output.ToArray()));
        }
    }

    [Fact]
    public async Task Block_whose_bytes_do_not_match_its_cid_is_rejected()
    {
        var car = ReferenceCars().Last().Car; // 'hello'
        car[^1] ^= 1;
        var reader = await CarReader.OpenAsync(new MemoryStream(car));
        var e = await Assert.ThrowsAsync<IpfsVerificationException>(async () => await reader.ReadBlockAsync());
        Assert.Contains("does not match sha2-256 digest of CID bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq", e.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blake3_and_identity_blocks_are_verified_too()
    {
        var data = "hello"u8.ToArray();
        var b3 = Cid.Compute(Multicodec.Raw, data, MultihashCode.Blake3);
        var id = Cid.Compute(Multicodec.Raw, data, MultihashCode.Identity);
        var ms = new MemoryStream();
        var w = new CarWriter(ms);
        await w.WriteHeaderAsync([b3, id]);
        await w.WriteBlockAsync(b3, data);
        await w.WriteBlockAsync(id, data);
        var contents = await CarReader.ReadAllAsync(new MemoryStream(ms.ToArray()));
        Assert.Equal([b3, id], contents.Roots);
        Assert.Equal(2, contents.Blocks.Count);

        ms = new MemoryStream();
        w = new CarWriter(ms);
        await w.WriteHeaderAsync([b3]);
        await w.WriteBlockAsync(b3, "hellO"u8.ToArray());
        await Assert.ThrowsAsync<IpfsVerificationException>(async () => await CarReader.ReadAllAsync(new MemoryStream(ms.ToArray())));
    }

    [Fact]
    public async Task Truncated_car_is_rejected_at_every_cut_but_section_boundaries()
    {
        var car = ReferenceCars().First().Car;
        var boundaries = new HashSet<int>();
        // Section boundaries: parse lengths to know where a cut is a clean end.
        int pos = 0;
        while (pos < car.Length)
        {
            ulong len = Varint.Read(car.AsSpan(pos), out int n);
            pos += n + (int)len;
            boundaries.Add(pos);
        }
        for (int cut = 0; cut < car.Length; cut++)
        {
            var stream = new MemoryStream(car, 0, cut);
            if (boundaries.Contains(cut))
            {
                await CarReader.ReadAllAsync(stream);
                continue;
            }
            var e = await Assert.ThrowsAsync<IpfsFormatException>(async () => await CarReader.ReadAllAsync(stream));
            Assert.Matches("truncated|empty input", e.Message);
        }
    }

    [Fact]
    public async Task Oversize_block_is_rejected_before_it_is_read()
    {
        var big = new byte[IpfsLimits.DefaultMaxBlockSize + 1];
        var cid = Cid.Compute(Multicodec.Raw, big);
        var ms = new MemoryStream();
        var w = new CarWriter(ms);
        await w.WriteHeaderAsync([cid]);
        await w.WriteBlockAsync(cid, big);
        var e = await Assert.ThrowsAsync<IpfsLimitException>(async () => await CarReader.ReadAllAsync(new MemoryStream(ms.ToArray())));
        Assert.Contains("exceeds", e.Message, StringComparison.Ordinal);
        // A section claiming a huge length is refused without allocating it.
        byte[] header = CarWriter.EncodeHeader([cid]);
        byte[] lying = [.. header, 0xff, 0xff, 0xff, 0xff, 0x0f];
        await Assert.ThrowsAsync<IpfsLimitException>(async () => await CarReader.ReadAllAsync(new MemoryStream(lying)));
    }

    [Fact]
    public async Task Bad_cid_in_a_section_is_a_format_error()
    {
        byte[] header = CarWriter.EncodeHeader([Cid.Compute(Multicodec.Raw, "x"u8)]);
        byte[] car = [.. header, 0x05, 0x01, 0x71, 0x12, 0x20, 0x00];
        var e = await Assert.ThrowsAsync<IpfsFormatException>(async () => await CarReader.ReadAllAsync(new MemoryStream(car)));
        Assert.Contains("bad CID in section at offset", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0aa16776657273696f6e02", "unsupported version 2")]
    [InlineData("10a265726f6f7473806776657273696f6e", "truncated")]
    [InlineData("03a10000", "CBOR major type 0")]
    [InlineData("0aa1676e6f7065786e7401", "unexpected key")]
    [InlineData("08a165726f6f747380", "missing version")]
    [InlineData("0da16776657273696f6e01", "truncated")]
    [InlineData("0ba16776657273696f6e0100", "trailing bytes")]
    [InlineData("0ca265726f6f747381d82a4100", "lacks the 0x00 multibase prefix")]
    public async Task Bad_headers_are_format_errors(string hex, string error)
    {
        var e = await Assert.ThrowsAsync<IpfsFormatException>(async () =>
            await CarReader.OpenAsync(new MemoryStream(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)))));
        Assert.Contains(error, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Header_limits_are_enforced()
    {
        var roots = Enumerable.Range(0, 17).Select(i => Cid.Compute(Multicodec.Raw, [(byte)i])).ToArray();
        await Assert.ThrowsAsync<IpfsLimitException>(async () =>
            await CarReader.OpenAsync(new MemoryStream(CarWriter.EncodeHeader(roots))));
        await Assert.ThrowsAsync<IpfsLimitException>(async () =>
            await CarReader.OpenAsync(new MemoryStream([0xff, 0xff, 0x03])));
    }
}
