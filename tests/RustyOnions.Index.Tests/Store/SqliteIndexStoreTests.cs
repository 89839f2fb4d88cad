using Microsoft.Data.Sqlite;
using RustyOnions.Index.Store;
using RustyOnions.Index.Store.Sqlite;

namespace RustyOnions.Index.Tests.Store;

public sealed class SqliteIndexStoreTests : IndexStoreContract
{
    private readonly TempDir _dir = new();
    private int _files;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }

    protected override async Task<IIndexStore> CreateStoreAsync(IndexStoreOptions options) =>
        await SqliteIndexStore.OpenAsync(new SqliteIndexStoreOptions
        {
            Path = _dir.File($"index-{Interlocked.Increment(ref _files)}.db"),
            HistoryLimit = options.HistoryLimit,
        });

    [Fact]
    public async Task Records_history_and_change_sequence_survive_reopen()
    {
        var path = _dir.File("reopen/index.db");
        var a1 = TestData.Record(TestData.KeyA, "docs/report.pdf", 1, "one");
        var a2 = TestData.Record(TestData.KeyA, "docs/report.pdf", 2, "two");
        var b1 = TestData.Record(TestData.KeyB, "vest/tiles/12/654/1583.webp", 1, "tile");
        await using (var store = await SqliteIndexStore.OpenAsync(new SqliteIndexStoreOptions { Path = path, FullSync = true }))
        {
            await store.PublishAsync(a1);
            await store.PublishAsync(a2);
            await store.PublishAsync(b1);
        }

        await using (var reopened = await SqliteIndexStore.OpenAsync(new SqliteIndexStoreOptions { Path = path }))
        {
            Assert.Equal(a2, await reopened.ResolveAsync(a1.Name));
            Assert.Equal(b1, await reopened.ResolveAsync(b1.Name));
            Assert.Equal([a2, a1], await reopened.HistoryAsync(a1.Name));
            Assert.Equal(PublishOutcome.Stale, (await reopened.PublishAsync(a1)).Outcome);

            var next = await reopened.PublishAsync(TestData.Record(TestData.KeyA, "docs/new.txt", 1));
            Assert.Equal(4, next.ChangeSeq);
            Assert.Equal(3, await reopened.CountAsync());
        }
    }

    [Fact]
    public async Task Database_runs_in_wal_mode_and_releases_its_files_on_dispose()
    {
        var dir = _dir.File("wal");
        var path = Path.Combine(dir, "index.db");
        var store = await SqliteIndexStore.OpenAsync(new SqliteIndexStoreOptions { Path = path });
        await store.PublishAsync(TestData.Record(TestData.KeyA, "x", 1));
        await store.ResolveAsync(TestData.KeyA.NameFor("x"));

        await using (var probe = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await probe.OpenAsync();
            await using var command = probe.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        }

        await store.DisposeAsync();
        Directory.Delete(dir, recursive: true);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task Options_are_validated_before_opening()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => SqliteIndexStore.OpenAsync(new SqliteIndexStoreOptions { Path = " " }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SqliteIndexStore.OpenAsync(new SqliteIndexStoreOptions { Path = _dir.File("o.db"), MaxReaders = 0 }));
        Assert.False(File.Exists(_dir.File("o.db")));
    }
}
