using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Content;
using static RustyOnions.Overlay.Tests.Store.StoreTestData;

namespace RustyOnions.Overlay.Tests.Store;

public sealed class FileContentStoreTests : ContentStoreContractTests, IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ContentStore _store;

    public FileContentStoreTests()
    {
        _store = ContentStore.Open(Opts());
    }

    protected override IContentStore Store => _store;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Blob_and_outboard_live_in_the_sharded_tree()
    {
        var put = await PutAsync(_store, Bytes(Block + 10, seed: 30));
        var small = await PutAsync(_store, Bytes(10, seed: 29));
        var hex = put.Addr.Hex;
        var expected = Path.Combine(_dir.Path, "blobs", hex[..2], hex[2..4], hex);

        Assert.True(File.Exists(expected));
        Assert.True(File.Exists(expected + ".b3o"));
        Assert.True(File.Exists(_store.BlobPath(small.Addr)));
        Assert.False(File.Exists(_store.OutboardPath(small.Addr)), "a one-block object needs no outboard");
        Assert.Equal("RONOB1"u8.ToArray(), File.ReadAllBytes(expected + ".b3o")[..6]);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "tmp")));
    }

    [Fact]
    public async Task Flipped_byte_throws_at_its_block_and_hands_out_no_byte_of_it()
    {
        var data = Bytes((4 * Block) + 100, seed: 31);
        var put = await PutAsync(_store, data);
        FlipByte(_store.BlobPath(put.Addr), (2 * Block) + 1000);
        CorruptObjectException? seen = null;
        _store.CorruptionDetected += (_, e) => seen = e;

        await using var reader = await _store.OpenReadAsync(put.Addr, 0, null, CancellationToken.None);
        var sink = new MemoryStream();
        var e = await Assert.ThrowsAsync<CorruptObjectException>(() => ReadAllAsync(reader!, sink));

        Assert.Equal(2 * Block, e.Offset);
        Assert.Equal(put.Addr, e.Address);
        Assert.Equal(data[..(2 * Block)], sink.ToArray());
        Assert.Equal(1, _store.Corruptions);
        Assert.Same(e, seen);
        await Assert.ThrowsAsync<CorruptObjectException>(async () => await reader!.ReadAsync(new byte[10], CancellationToken.None));
    }

    [Fact]
    public async Task Range_read_verifies_only_covering_blocks()
    {
        var data = Bytes(4 * Block, seed: 32);
        var put = await PutAsync(_store, data);
        FlipByte(_store.BlobPath(put.Addr), 3 * Block);

        Assert.Equal(data[Block..(3 * Block)], await GetAsync(_store, put.Addr, Block, 2 * Block));
        Assert.Equal(0, _store.Corruptions);

        var e = await Assert.ThrowsAsync<CorruptObjectException>(() => GetAsync(_store, put.Addr, (3 * Block) - 1, 2));
        Assert.Equal(3 * Block, e.Offset);
        Assert.Equal(1, _store.Corruptions);
    }

    [Fact]
    public async Task Damaged_outboard_falls_back_to_whole_hash_and_serves_good_data()
    {
        var data = Bytes((2 * Block) + 9, seed: 33);
        var put = await PutAsync(_store, data);
        var outboard = _store.OutboardPath(put.Addr);
        FlipByte(outboard, 60);

        Assert.Equal(data, await GetAsync(_store, put.Addr));
        Assert.Equal(data[Block..], await GetAsync(_store, put.Addr, Block));
        Assert.Equal(0, _store.Corruptions);
        Assert.True(IsValidOutboard(outboard, put.Addr), "the outboard is rewritten from the verified object");
    }

    [Fact]
    public async Task Missing_outboard_falls_back_and_still_detects_corrupt_data()
    {
        var data = Bytes(Block + 9, seed: 34);
        var put = await PutAsync(_store, data);
        File.Delete(_store.OutboardPath(put.Addr));
        FlipByte(_store.BlobPath(put.Addr), Block + 3);

        var e = await Assert.ThrowsAsync<CorruptObjectException>(() => GetAsync(_store, put.Addr, 0, 10));

        Assert.Equal(put.Addr, e.Address);
        Assert.Equal(1, _store.Corruptions);
        Assert.False(File.Exists(_store.OutboardPath(put.Addr)), "no outboard is written for a corrupt object");
    }

    [Fact]
    public async Task Damaged_outboard_and_damaged_data_is_detected()
    {
        var put = await PutAsync(_store, Bytes(3 * Block, seed: 35));
        File.WriteAllBytes(_store.OutboardPath(put.Addr), [1, 2, 3]);
        FlipByte(_store.BlobPath(put.Addr), 5);

        await Assert.ThrowsAsync<CorruptObjectException>(() => GetAsync(_store, put.Addr, 2 * Block, 1));
        Assert.Equal(1, _store.Corruptions);
    }

    [Fact]
    public async Task Truncated_blob_is_reported_corrupt()
    {
        var put = await PutAsync(_store, Bytes(2 * Block, seed: 36));
        using (var fs = new FileStream(_store.BlobPath(put.Addr), FileMode.Open))
        {
            fs.SetLength(Block + 10);
        }

        var e = await Assert.ThrowsAsync<CorruptObjectException>(() => GetAsync(_store, put.Addr));
        Assert.Equal(Block + 10, e.Offset);
        Assert.Equal(1, _store.Corruptions);
    }

    [Fact]
    public async Task Reopened_store_finds_every_object_with_counts()
    {
        var objects = new List<(ContentId Id, byte[] Data)>();
        for (var i = 0; i < 5; i++)
        {
            var data = Bytes((i * Block) + i, seed: 40 + i);
            objects.Add(((await PutAsync(_store, data)).Addr, data));
        }

        await _store.DeleteAsync(objects[0].Id, CancellationToken.None);

        var reopened = ContentStore.Open(Opts());

        Assert.Equal(4, reopened.ObjectCount);
        Assert.Equal(objects.Skip(1).Sum(o => (long)o.Data.Length), reopened.TotalBytes);
        Assert.False(reopened.Contains(objects[0].Id));
        foreach (var (id, data) in objects.Skip(1))
        {
            Assert.Equal(data, await GetAsync(reopened, id));
        }
    }

    [Fact]
    public async Task Open_sweeps_stale_temp_files_and_orphan_outboards()
    {
        var put = await PutAsync(_store, Bytes(10, seed: 50));
        var stale = Path.Combine(_dir.Path, "tmp", "deadbeef.part");
        File.WriteAllBytes(stale, Bytes(1000, seed: 51));
        var orphanHex = ContentId.Compute([9]).Hex;
        var orphanDir = Path.Combine(_dir.Path, "blobs", orphanHex[..2], orphanHex[2..4]);
        Directory.CreateDirectory(orphanDir);
        var orphan = Path.Combine(orphanDir, orphanHex + ".b3o");
        File.WriteAllBytes(orphan, [1]);

        var reopened = ContentStore.Open(Opts());

        Assert.False(File.Exists(stale));
        Assert.False(File.Exists(orphan));
        Assert.Equal(1, reopened.ObjectCount);
        Assert.True(reopened.Contains(put.Addr));
    }

    [Fact]
    public void Open_rejects_invalid_options_naming_the_setting()
    {
        var e = Assert.Throws<ArgumentException>(() => ContentStore.Open(Opts() with { MaxObjectBytes = -1 }));
        Assert.Contains("MaxObjectBytes", e.Message, StringComparison.Ordinal);
    }

    protected override void AssertNothingOnDisk()
    {
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "blobs"), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "tmp")));
    }

    private static void FlipByte(string path, long offset)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        fs.Position = offset;
        var b = fs.ReadByte();
        fs.Position = offset;
        fs.WriteByte((byte)(b ^ 0x40));
    }

    private static bool IsValidOutboard(string path, ContentId id)
    {
        return RustyOnions.Overlay.Store.Outboard.TryDecode(File.ReadAllBytes(path), id, out _, out _);
    }

    private ContentStoreOpts Opts() => new(_dir.Path) { MaxObjectBytes = Max };
}
