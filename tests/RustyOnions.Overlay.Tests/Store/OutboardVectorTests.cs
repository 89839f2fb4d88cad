using System.Text.Json;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Tests.Store;

/// <summary>The on-disk outboard matches specs/vectors/store/outboard.json (made with b3sum).</summary>
public sealed class OutboardVectorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public static TheoryData<int> Sizes()
    {
        var data = new TheoryData<int>();
        foreach (var v in LoadVectors())
        {
            data.Add(v.GetProperty("size").GetInt32());
        }

        return data;
    }

    public void Dispose() => _dir.Dispose();

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Stored_outboard_is_byte_identical_to_the_spec_vector(int size)
    {
        var vector = LoadVectors().Single(v => v.GetProperty("size").GetInt32() == size);
        var obj = new byte[size];
        for (var i = 0; i < size; i++)
        {
            obj[i] = (byte)(i % 251);
        }

        var store = ContentStore.Open(new ContentStoreOpts(_dir.Path) { FsyncEnabled = false });
        var put = await StoreTestData.PutAsync(store, obj);

        Assert.Equal(ContentId.Parse(vector.GetProperty("address").GetString()!), put.Addr);
        using var blocks = new BlockHashBuilder();
        blocks.Append(obj);
        Assert.Equal(vector.GetProperty("outboard_hex").GetString(), Convert.ToHexStringLower(Outboard.Encode(put.Addr, size, blocks.Finish())));
        if (size <= StoreLayout.BlockSize)
        {
            // One block: the address is the block hash, so no outboard is written.
            Assert.False(File.Exists(store.OutboardPath(put.Addr)));
        }
        else
        {
            Assert.Equal(vector.GetProperty("outboard_hex").GetString(), Convert.ToHexStringLower(await File.ReadAllBytesAsync(store.OutboardPath(put.Addr))));
        }
    }

    private static List<JsonElement> LoadVectors()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RustyOnions.sln")))
        {
            dir = dir.Parent;
        }

        Assert.True(dir is not null, "repository root (directory with RustyOnions.sln) not found above the test binaries");
        var path = Path.Combine(dir.FullName, "specs", "vectors", "store", "outboard.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("vectors").EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
