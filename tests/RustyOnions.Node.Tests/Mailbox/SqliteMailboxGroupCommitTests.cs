using Microsoft.Data.Sqlite;
using RustyOnions.Node.Mailbox;

namespace RustyOnions.Node.Tests.Mailbox;

/// <summary>Group commit: concurrent writes share transactions, and each stays correct and durable.</summary>
public sealed class SqliteMailboxGroupCommitTests : IAsyncLifetime
{
    private static readonly UInt128 Tenant = new(7, 7);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ron-mailbox-gc-" + Guid.NewGuid().ToString("N"));
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
    private SqliteMailboxStore _store = null!;

    private string DbPath => Path.Combine(_dir, "mailbox.db");

    public Task InitializeAsync()
    {
        _store = SqliteMailboxStore.Open(DbPath, new MailboxOpts(), _time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Concurrent_sends_share_commits_and_all_survive_reopen()
    {
        const int n = 200;
        var sends = Enumerable.Range(0, n).Select(i => _store.SendAsync(Tenant, "t", BitConverter.GetBytes(i), false, null, CancellationToken.None).AsTask()).ToArray();
        var ids = (await Task.WhenAll(sends)).Select(r => r.MsgId).ToList();

        var (commits, writes) = _store.GroupCommitStats;
        Assert.Equal(n, writes);
        Assert.True(commits < writes, $"{writes} concurrent writes took {commits} commits: no batching");
        Assert.Equal(n, ids.Distinct().Count());

        await _store.DisposeAsync();
        _store = SqliteMailboxStore.Open(DbPath, new MailboxOpts(), _time);
        var got = new List<string>();
        for (var batch = await Recv(); batch.Count > 0; batch = await Recv())
        {
            got.AddRange(batch.Select(m => m.MsgId));
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), got);

        async Task<IReadOnlyList<MailboxMessage>> Recv() => await _store.RecvAsync(Tenant, "t", 100, TimeSpan.FromMinutes(1), CancellationToken.None);
    }

    [Fact]
    public async Task Same_idempotency_key_in_one_batch_enqueues_once()
    {
        var sends = Enumerable.Range(0, 50).Select(_ => _store.SendAsync(Tenant, "k", new byte[] { 1 }, false, "same-key", CancellationToken.None).AsTask()).ToArray();
        var results = await Task.WhenAll(sends);

        Assert.Single(results, r => !r.Duplicate);
        Assert.Single(results.Select(r => r.MsgId).Distinct());
        Assert.Single(await _store.RecvAsync(Tenant, "k", 10, TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task Write_after_dispose_throws_ObjectDisposedException()
    {
        await _store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => _store.SendAsync(Tenant, "t", new byte[] { 1 }, false, null, CancellationToken.None).AsTask());
    }
}
