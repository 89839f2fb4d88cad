using RustyOnions.Bridges.Ipfs;
using RustyOnions.Bridges.Ipfs.DagPb;
using RustyOnions.Bridges.Ipfs.Multiformats;
using RustyOnions.Bridges.Ipfs.UnixFs;

namespace RustyOnions.Bridges.Tests.Ipfs;

[Trait("Category", "Slow")]
[Collection(SeededFilesCollection.Name)]
public class UnixFsImporterTests(SeededFilesFixture files)
{
    [Theory]
    [InlineData("empty")]
    [InlineData("one")]
    [InlineData("chunk")]
    [InlineData("chunk_plus_one")]
    [InlineData("one_mib")]
    [InlineData("three_mib")]
    [InlineData("links_175")]
    [InlineData("hundred_mib")]
    [InlineData("deep_tiny_chunks")]
    public async Task Cid_equals_the_real_ipfs_implementation_and_the_vector(string name)
    {
        var v = Vectors.File(name);
        var options = new UnixFsImporterOptions(v.GetProperty("chunk_size").GetInt32(), v.GetProperty("max_links").GetInt32());
        await using var content = new SeededContentStream(v.GetProperty("seed").GetString()!, v.GetProperty("size").GetInt64());
        var result = await UnixFsImporter.ImportAsync(content, options);
        Assert.Equal(files.HeliaCids[name], result.Root.ToString());
        Assert.Equal(v.GetProperty("cid").GetString(), result.Root.ToString());
        Assert.Equal(v.GetProperty("size").GetInt64(), result.FileSize);
    }

    [Fact]
    public async Task Importing_100_MiB_keeps_memory_bounded()
    {
        // Warm up so JIT and pools do not count.
        await UnixFsImporter.ImportAsync(new SeededContentStream("warm", 3 << 20));
        // The stream and the importer complete synchronously, so this thread sees every allocation of the import
        // (a process-wide counter would also count the tests running in parallel).
        long before = GC.GetAllocatedBytesForCurrentThread();
        await using var content = new SeededContentStream("rustyonions-ipfs-hundred_mib", 100L << 20);
        int blocks = 0;
        var result = await UnixFsImporter.ImportAsync(content, onBlock: (_, _) =>
        {
            blocks++;
            return ValueTask.CompletedTask;
        });
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(Vectors.File("hundred_mib").GetProperty("cid").GetString(), result.Root.ToString());
        Assert.Equal(400 + 3 + 1, blocks);
        Assert.Equal(blocks, result.BlockCount);
        Assert.True(allocated < 8 << 20, $"allocated {allocated} bytes for a 100 MiB import");
    }

    [Fact]
    public async Task Blocks_follow_the_reference_layout_tsize_and_blocksizes()
    {
        // 175 chunks: one full node of 174 leaves and a one-child node, under a root of two links.
        var (result, blocks) = await UnixFsImporter.ImportWithBlocksAsync(new SeededContentStream("layout", 175L * 262144));
        Assert.Equal(175 + 3, blocks.Count);
        var root = DagPbCodec.Decode(blocks[result.Root]);
        Assert.Equal(2, root.Links.Count);
        var rootFs = UnixFsCodec.Decode(root.Data!.Value.Span);
        Assert.Equal([174UL * 262144, 262144UL], rootFs.BlockSizes);
        Assert.Equal(175UL * 262144, rootFs.FileSize);
        var single = DagPbCodec.Decode(blocks[root.Links[1].Hash]);
        Assert.Single(single.Links);
        Assert.Equal((ulong)blocks[root.Links[1].Hash].Length + 262144, root.Links[1].Tsize);
        ulong sum = 0;
        foreach (var link in root.Links)
            sum += link.Tsize!.Value;
        Assert.Equal(sum + (ulong)blocks[result.Root].Length, result.DagSize);
        Assert.All(root.Links, l => Assert.Equal("", l.Name));
        foreach (var (cid, bytes) in blocks)
            cid.Verify(bytes);
    }

    [Fact]
    public async Task Push_mode_in_odd_pieces_gives_the_same_cid_as_one_stream()
    {
        var data = SeededContentStream.Bytes("pieces", 700_001);
        using var importer = new UnixFsImporter();
        var rng = new Random(42);
        for (int at = 0; at < data.Length;)
        {
            int n = Math.Min(rng.Next(1, 300_000), data.Length - at);
            await importer.WriteAsync(data.AsMemory(at, n));
            at += n;
        }
        var pushed = await importer.CompleteAsync();
        Assert.Equal(UnixFsImporter.ComputeCid(data), pushed.Root);
        Assert.Equal(data.Length, pushed.FileSize);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await importer.WriteAsync(new byte[1]));
    }

    [Fact]
    public async Task Find_block_returns_a_leaf_or_inner_node_and_null_for_foreign_cids()
    {
        var data = SeededContentStream.Bytes("find", 600_000);
        var (result, blocks) = await UnixFsImporter.ImportWithBlocksAsync(new MemoryStream(data));
        foreach (var (cid, bytes) in blocks)
            Assert.Equal(bytes, await UnixFsImporter.FindBlockAsync(new MemoryStream(data), cid));
        Assert.Null(await UnixFsImporter.FindBlockAsync(new MemoryStream(data), Cid.Compute(Multicodec.Raw, "x"u8)));
        Assert.Equal(4, result.BlockCount);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new UnixFsImporter(new UnixFsImporterOptions(ChunkSize: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UnixFsImporter(new UnixFsImporterOptions(MaxChildrenPerNode: 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UnixFsImporter(new UnixFsImporterOptions(ChunkSize: 2 << 20)));
    }
}
