using RustyOnions.Index.Store;
using RustyOnions.Index.Store.Memory;

namespace RustyOnions.Index.Tests.Store;

public sealed class MemoryIndexStoreTests : IndexStoreContract
{
    protected override Task<IIndexStore> CreateStoreAsync(IndexStoreOptions options) =>
        Task.FromResult<IIndexStore>(new MemoryIndexStore(options));

    [Fact]
    public async Task Disposed_store_refuses_calls()
    {
        var store = new MemoryIndexStore();
        await store.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.CountAsync());
    }

    [Fact]
    public void Options_are_validated_at_construction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryIndexStore(new IndexStoreOptions { HistoryLimit = 0 }));
    }
}
