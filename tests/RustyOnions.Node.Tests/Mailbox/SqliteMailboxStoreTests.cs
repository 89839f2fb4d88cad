using Microsoft.Data.Sqlite;
using RustyOnions.Node.Mailbox;

namespace RustyOnions.Node.Tests.Mailbox;

public sealed class SqliteMailboxStoreTests : MailboxStoreContractTests
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ron-mailbox-" + Guid.NewGuid().ToString("N"));
    private readonly List<IMailboxStore> _extra = [];

    private string DbPath => Path.Combine(_dir, "mailbox.db");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var s in _extra)
        {
            await s.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Unacked_messages_survive_dispose_and_reopen()
    {
        var acked = await Store.SendAsync(TenantA, "t", new byte[] { 1 }, false, null, CancellationToken.None);
        var kept = await Store.SendAsync(TenantA, "t", new byte[] { 2 }, true, "key", CancellationToken.None);
        await Store.RecvAsync(TenantA, "t", 1, Vis, CancellationToken.None);
        await Store.AckAsync(TenantA, acked.MsgId, CancellationToken.None);
        await Store.DisposeAsync();

        var reopened = Reopen();
        var got = Assert.Single(await reopened.RecvAsync(TenantA, "t", 10, Vis, CancellationToken.None));

        Assert.Equal(kept.MsgId, got.MsgId);
        Assert.True(got.IsText);
        Assert.Equal(new byte[] { 2 }, got.Body.ToArray());
        Assert.True((await reopened.SendAsync(TenantA, "t", new byte[] { 3 }, false, "key", CancellationToken.None)).Duplicate);
    }

    [Fact]
    public async Task Answered_send_is_visible_to_a_new_store_without_dispose()
    {
        // The first store is dropped without Dispose, as after a crash of the process.
        var sent = await Store.SendAsync(TenantB, "t", new byte[] { 9 }, false, null, CancellationToken.None);
        var received = Assert.Single(await Store.RecvAsync(TenantB, "t", 1, Vis, CancellationToken.None));

        var second = Reopen();
        Assert.Empty(await second.RecvAsync(TenantB, "t", 10, Vis, CancellationToken.None));
        Time.Advance(Vis);
        var got = Assert.Single(await second.RecvAsync(TenantB, "t", 10, Vis, CancellationToken.None));

        Assert.Equal(sent.MsgId, got.MsgId);
        Assert.Equal(received.DeliveryCount + 1, got.DeliveryCount);
    }

    [Fact]
    public async Task Answered_send_is_on_disk_before_close_as_after_kill()
    {
        var sent = await Store.SendAsync(TenantA, "t", new byte[] { 5 }, false, null, CancellationToken.None);

        // Copy the files while the store is still open: what a kill -9 would leave behind.
        var crashDir = Path.Combine(_dir, "crash");
        Directory.CreateDirectory(crashDir);
        foreach (var suffix in new[] { string.Empty, "-wal" })
        {
            File.Copy(DbPath + suffix, Path.Combine(crashDir, "mailbox.db" + suffix));
        }

        var recovered = SqliteMailboxStore.Open(Path.Combine(crashDir, "mailbox.db"), Opts, Time);
        _extra.Add(recovered);
        var got = Assert.Single(await recovered.RecvAsync(TenantA, "t", 10, Vis, CancellationToken.None));
        Assert.Equal(sent.MsgId, got.MsgId);
    }

    [Fact]
    public async Task Database_uses_wal_and_full_sync()
    {
        await Store.SendAsync(TenantA, "t", new byte[] { 1 }, false, null, CancellationToken.None);
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString());
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", cmd.ExecuteScalar());
        Assert.True(File.Exists(DbPath + "-wal"));
    }

    protected override IMailboxStore Create() => SqliteMailboxStore.Open(DbPath, Opts, Time);

    private IMailboxStore Reopen()
    {
        var s = SqliteMailboxStore.Open(DbPath, Opts, Time);
        _extra.Add(s);
        return s;
    }
}
