using RustyOnions.Overlay.Store;
using static RustyOnions.Overlay.Tests.Store.StoreTestData;

namespace RustyOnions.Overlay.Tests.Store;

public sealed class MemoryContentStoreTests : ContentStoreContractTests
{
    private readonly MemoryContentStore _store = new(Max);

    protected override IContentStore Store => _store;

    [Fact]
    public async Task Corrupted_memory_is_detected_at_the_failing_block()
    {
        var data = Bytes(3 * Block, seed: 20);
        var put = await PutAsync(_store, data);
        _store.RawBytes(put.Addr)![Block + 5] ^= 0x01;

        await using var reader = await _store.OpenReadAsync(put.Addr, 0, null, CancellationToken.None);
        var sink = new MemoryStream();
        var e = await Assert.ThrowsAsync<CorruptObjectException>(() => ReadAllAsync(reader!, sink));

        Assert.Equal(Block, e.Offset);
        Assert.Equal(data[..Block], sink.ToArray());
        Assert.Equal(1, _store.Corruptions);
    }

    protected override void AssertNothingOnDisk()
    {
        // nothing to inspect: the memory store writes no files
    }
}
