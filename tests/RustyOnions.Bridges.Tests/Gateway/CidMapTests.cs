using RustyOnions.Bridges.Ipfs.Gateway;
using RustyOnions.Bridges.Ipfs.UnixFs;
using RustyOnions.Bridges.Tests.Ipfs;
using RustyOnions.Index.Mapping;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Content;

namespace RustyOnions.Bridges.Tests.Gateway;

public sealed class CidMapTests
{
    [Fact]
    public async Task Sqlite_map_keeps_roots_and_blocks_across_reopen()
    {
        using var dir = new TempDir();
        var path = dir.File("ipfs-map.db");
        var data = new byte[700_000];
        new Random(7).NextBytes(data);
        var (result, blocks) = await UnixFsImporter.ImportWithBlocksAsync(new MemoryStream(data));
        var addr = ContentId.Compute(data);
        await using (var map = await SqliteCidMap.OpenAsync(path))
        {
            await map.PutAsync(new CidMapEntry(result.Root.BytesMemory, addr, data.Length), blocks.Keys.Select(c => c.BytesMemory).ToList(), default);
            await map.PutAsync(new CidMapEntry(result.Root.BytesMemory, addr, data.Length), null, default);
            Assert.Equal(1, map.Count);
        }

        await using var reopened = await SqliteCidMap.OpenAsync(path);
        Assert.Equal(1, reopened.Count);
        Assert.Equal(addr, (await reopened.TryGetByCidAsync(result.Root.BytesMemory, default))!.Addr);
        Assert.Equal(result.Root.BytesMemory.ToArray(), (await reopened.TryGetByAddrAsync(addr, default))!.Cid.ToArray());
        foreach (var leaf in blocks.Keys)
        {
            Assert.Equal(addr, (await reopened.TryGetByBlockAsync(leaf.BytesMemory, default))!.Addr);
        }

        Assert.Null(await reopened.TryGetByCidAsync(blocks.Keys.First(k => !k.Equals(result.Root)).BytesMemory, default));
        Assert.Null(await reopened.TryGetByAddrAsync(ContentId.Compute("other"u8), default));
    }

    [Fact]
    public async Task Block_index_cache_shares_builds_and_evicts_the_least_recently_used()
    {
        var store = new MemoryContentStore();
        var map = new MemoryCidMap();
        await using var indexer = new CidIndexer(store, map, IpfsGatewayOptions.Default, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var entries = new List<CidMapEntry>();
        for (var i = 0; i < 3; i++)
        {
            var data = new byte[1000 + i];
            new Random(i).NextBytes(data);
            await using var w = await store.BeginWriteAsync(null, null, default);
            await w.WriteAsync(data, default);
            entries.Add((await indexer.IndexAsync((await w.CommitAsync(default)).Addr, default))!);
        }

        var cache = new BlockIndexCache(2);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => cache.GetAsync(store, entries[0], default)));
        Assert.Equal(1, cache.Builds);
        await cache.GetAsync(store, entries[1], default);
        await cache.GetAsync(store, entries[0], default); // 0 is now the most recent
        await cache.GetAsync(store, entries[2], default); // evicts 1
        Assert.Equal(3, cache.Builds);
        await cache.GetAsync(store, entries[0], default);
        Assert.Equal(3, cache.Builds);
        await cache.GetAsync(store, entries[1], default);
        Assert.Equal(4, cache.Builds);
        Assert.Equal(2, cache.Count);
    }
}
