using RustyOnions.Index.Records;
using RustyOnions.Index.Store;
using RustyOnions.Index.Store.Memory;
using RustyOnions.Index.Store.Sqlite;
using RustyOnions.Proto.Content;

namespace RustyOnions.Benchmarks.Index;

/// <summary>Deterministic records and stores for the index benchmarks.</summary>
internal static class IndexBenchData
{
    public static readonly PublisherKey Key = PublisherKey.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public static NameRecord Record(int i, long seq = 1) => NameRecord.Sign(
        Key,
        $"vest/tiles/{i % 20}/{i / 20 % 1000}/{i}.webp",
        ContentId.Compute(BitConverter.GetBytes(i)),
        1000 + i,
        "image/webp",
        seq,
        DateTimeOffset.FromUnixTimeMilliseconds(1_732_406_400_000));

    public static NameRecord[] Records(int count, long seq = 1)
    {
        var records = new NameRecord[count];
        Parallel.For(0, count, i => records[i] = Record(i, seq));
        return records;
    }

    /// <summary>
    /// A SQLite store holding <paramref name="count"/> records. The file is built once and reused by
    /// later benchmark processes (signing and verifying 100,000 records costs tens of seconds).
    /// </summary>
    public static async Task<IIndexStore> OpenSqliteAsync(int count)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ron-index-bench-{count}.db");
        var store = await SqliteIndexStore.OpenAsync(new SqliteIndexStoreOptions { Path = path });
        if (await store.CountAsync() != count)
        {
            await FillAsync(store, count);
        }

        return store;
    }

    public static async Task<IIndexStore> OpenMemoryAsync(int count)
    {
        var store = new MemoryIndexStore();
        await FillAsync(store, count);
        return store;
    }

    private static async Task FillAsync(IIndexStore store, int count)
    {
        const int Batch = 5000;
        for (var start = 0; start < count; start += Batch)
        {
            var records = new NameRecord[Math.Min(Batch, count - start)];
            Parallel.For(0, records.Length, i => records[i] = Record(start + i));
            await store.PublishManyAsync(records);
        }
    }
}
