using RustyOnions.Bridges.Ipfs.Car;
using RustyOnions.Bridges.Ipfs.UnixFs;

namespace RustyOnions.Bridges.Tests.Ipfs;

[Trait("Category", "Slow")]
[Collection(SeededFilesCollection.Name)]
public class CarInteropTests(SeededFilesFixture files)
{
    [Theory]
    [InlineData("one")]
    [InlineData("chunk_plus_one")]
    [InlineData("three_mib")]
    [InlineData("links_175")]
    public async Task Our_car_is_accepted_by_the_real_implementation_and_unpacks_to_the_file(string name)
    {
        string file = files.PathOf(name), car = files.Dir.File(name + ".ours.car"), unpacked = files.Dir.File(name + ".ours.out");
        await using (var content = File.OpenRead(file))
        {
            var blocks = await UnixFsContentBlocks.BuildAsync(content);
            await using var output = File.Create(car);
            await UnixFsCarExporter.WriteCarAsync(output, blocks.Root, blocks.GetBlockAsync);
        }
        var lines = await HeliaPeer.RunAsync(["import-car", car, unpacked]);
        Assert.Equal(files.HeliaCids[name], Assert.Single(lines));
        Assert.True(FilesEqual(file, unpacked), "bytes unpacked by the real implementation differ from the file");
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("one_mib")]
    [InlineData("links_175")]
    public async Task A_car_exported_by_the_real_implementation_is_read_verified_and_reassembled(string name)
    {
        string file = files.PathOf(name), car = files.Dir.File(name + ".helia.car");
        var lines = await HeliaPeer.RunAsync(["export-car", file, car]);
        Assert.Equal(files.HeliaCids[name], Assert.Single(lines));

        CarContents contents;
        await using (var input = File.OpenRead(car))
            contents = await CarReader.ReadAllAsync(input);
        Assert.Equal(files.HeliaCids[name], Assert.Single(contents.Roots).ToString());
        string reassembled = files.Dir.File(name + ".helia.out");
        await using (var output = File.Create(reassembled))
            await UnixFsReader.CopyToAsync(contents.Roots[0], contents.GetBlockAsync, output);
        Assert.True(FilesEqual(file, reassembled), "reassembled bytes differ from the file");

        // Same DFS order and framing: our CAR of the same file is byte-identical to the reference's.
        await using (var content = File.OpenRead(file))
        {
            var blocks = await UnixFsContentBlocks.BuildAsync(content);
            var ours = new MemoryStream();
            await UnixFsCarExporter.WriteCarAsync(ours, blocks.Root, blocks.GetBlockAsync);
            var reference = await File.ReadAllBytesAsync(car);
            Assert.True(ours.ToArray().AsSpan().SequenceEqual(reference), "our CAR differs from the reference CAR");
        }
    }

    [Fact]
    public async Task Deep_tiny_chunk_dag_round_trips_through_the_real_implementation()
    {
        var v = Vectors.File("deep_tiny_chunks");
        string file = files.PathOf("deep_tiny_chunks"), car = files.Dir.File("deep.helia.car");
        await HeliaPeer.RunAsync(["export-car", file, car], chunkSize: 4, maxLinks: 3);
        CarContents contents;
        await using (var input = File.OpenRead(car))
            contents = await CarReader.ReadAllAsync(input);
        Assert.Equal(v.GetProperty("cid").GetString(), contents.Roots[0].ToString());
        var output = new MemoryStream();
        await UnixFsReader.CopyToAsync(contents.Roots[0], contents.GetBlockAsync, output, offset: 37, length: 50);
        Assert.Equal((await File.ReadAllBytesAsync(file)).AsSpan(37, 50).ToArray(), output.ToArray());

        var blocks = await UnixFsContentBlocks.BuildAsync(await File.ReadAllBytesAsync(file), new UnixFsImporterOptions(4, 3));
        var ours = new MemoryStream();
        await UnixFsCarExporter.WriteCarAsync(ours, blocks.Root, blocks.GetBlockAsync);
        Assert.Equal(await File.ReadAllBytesAsync(car), ours.ToArray());
    }

    private static bool FilesEqual(string a, string b)
    {
        using var fa = File.OpenRead(a);
        using var fb = File.OpenRead(b);
        if (fa.Length != fb.Length)
            return false;
        var ba = new byte[1 << 20];
        var bb = new byte[1 << 20];
        while (true)
        {
            int na = fa.ReadAtLeast(ba, ba.Length, throwOnEndOfStream: false);
            int nb = fb.ReadAtLeast(bb, bb.Length, throwOnEndOfStream: false);
            if (na != nb || !ba.AsSpan(0, na).SequenceEqual(bb.AsSpan(0, nb)))
                return false;
            if (na == 0)
                return true;
        }
    }
}
