using RustyOnions.Bridges.Ipfs.Car;
using RustyOnions.Bridges.Ipfs.Multiformats;
using RustyOnions.Bridges.Ipfs.UnixFs;

namespace RustyOnions.Bridges.Tests.Ipfs;

public class CarExportScopeTests
{
    private static async Task<(UnixFsContentBlocks Blocks, byte[] Data)> Build()
    {
        var data = SeededContentStream.Bytes("scope", 1000);
        return (await UnixFsContentBlocks.BuildAsync(data, new UnixFsImporterOptions(ChunkSize: 10, MaxChildrenPerNode: 4)), data);
    }

    private static async Task<CarContents> Export(UnixFsContentBlocks blocks, DagScope scope, EntityBytesRange? range = null)
    {
        var ms = new MemoryStream();
        int written = await UnixFsCarExporter.WriteCarAsync(ms, blocks.Root, blocks.GetBlockAsync, scope, range);
        var contents = await CarReader.ReadAllAsync(new MemoryStream(ms.ToArray()));
        Assert.Equal(written, contents.Blocks.Count);
        Assert.Equal(blocks.Root, Assert.Single(contents.Roots));
        return contents;
    }

    [Fact]
    public async Task Scope_block_carries_only_the_root()
    {
        var (blocks, _) = await Build();
        var car = await Export(blocks, DagScope.Block);
        Assert.Equal(blocks.Root, Assert.Single(car.Blocks.Keys));
    }

    [Fact]
    public async Task Scope_all_carries_every_block_and_reassembles()
    {
        var (blocks, data) = await Build();
        var car = await Export(blocks, DagScope.All);
        Assert.Equal(blocks.Result.BlockCount, car.Blocks.Count);
        var ms = new MemoryStream();
        await UnixFsReader.CopyToAsync(car.Roots[0], car.GetBlockAsync, ms);
        Assert.Equal(data, ms.ToArray());
    }

    [Fact]
    public async Task Entity_bytes_carries_just_enough_blocks_to_verify_the_range()
    {
        var (blocks, data) = await Build();
        var car = await Export(blocks, DagScope.Entity, EntityBytesRange.Parse("505:514"));
        Assert.Equal(2, car.Blocks.Keys.Count(c => c.Codec == Multicodec.Raw));
        Assert.True(car.Blocks.Count < 12);
        var ms = new MemoryStream();
        // The CAR alone is enough to read the range back, verified.
        await UnixFsReader.CopyToAsync(car.Roots[0], car.GetBlockAsync, ms, 505, 10);
        Assert.Equal(data.AsSpan(505, 10).ToArray(), ms.ToArray());
        // ...but not the rest of the file.
        await Assert.ThrowsAsync<KeyNotFoundException>(() => UnixFsReader.CopyToAsync(car.Roots[0], car.GetBlockAsync, new MemoryStream()).AsTask());

        var tail = await Export(blocks, DagScope.Entity, EntityBytesRange.Parse("-15:*"));
        Assert.Equal(2, tail.Blocks.Keys.Count(c => c.Codec == Multicodec.Raw));
    }

    [Fact]
    public async Task Content_blocks_serve_single_blocks_and_refuse_foreign_cids()
    {
        var (blocks, data) = await Build();
        var (_, all) = await UnixFsImporter.ImportWithBlocksAsync(new MemoryStream(data), new UnixFsImporterOptions(10, 4));
        foreach (var (cid, bytes) in all)
        {
            Assert.True(blocks.Contains(cid));
            Assert.Equal(bytes, (await blocks.GetBlockAsync(cid)).ToArray());
        }
        var foreign = Cid.Compute(Multicodec.Raw, "nope"u8);
        Assert.Null(await blocks.TryGetBlockAsync(foreign));
        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await blocks.GetBlockAsync(foreign));
    }
}
