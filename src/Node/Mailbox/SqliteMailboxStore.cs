using Microsoft.Data.Sqlite;

namespace RustyOnions.Node.Mailbox;

/// <summary>
/// The durable mailbox: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so an answered
/// SEND survives a kill -9 or power loss. One connection, used under a lock, with prepared commands;
/// concurrent writes share one transaction and fsync (group commit).
/// </summary>
public sealed partial class SqliteMailboxStore : IMailboxStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS messages(
            msg_id TEXT PRIMARY KEY,
            tenant BLOB NOT NULL,
            topic TEXT NOT NULL,
            body BLOB NOT NULL,
            is_text INTEGER NOT NULL,
            created_ms INTEGER NOT NULL,
            visible_at_ms INTEGER NOT NULL,
            delivery_count INTEGER NOT NULL DEFAULT 0,
            idem_key TEXT NULL);
        CREATE INDEX IF NOT EXISTS ix_messages_queue ON messages(tenant, topic, msg_id);
        CREATE TABLE IF NOT EXISTS idempotency(
            tenant BLOB NOT NULL,
            topic TEXT NOT NULL,
            idem_key TEXT NOT NULL,
            msg_id TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            PRIMARY KEY(tenant, topic, idem_key)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_idempotency_created ON idempotency(created_ms);
        """;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SqliteConnection _db;
    private readonly MailboxOpts _opts;
    private readonly TimeProvider _time;
    private readonly MonotonicUlid _ids;
    private readonly Commands _cmd;
    private bool _disposed;

    private SqliteMailboxStore(SqliteConnection db, MailboxOpts opts, TimeProvider time)
    {
        _db = db;
        _opts = opts;
        _time = time;
        _ids = new MonotonicUlid(time);
        _cmd = new Commands(db);
    }

    /// <summary>Opens (creating if needed) the mailbox database at <paramref name="path"/>.</summary>
    public static SqliteMailboxStore Open(string path, MailboxOpts opts, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(opts);
        ArgumentNullException.ThrowIfNull(time);
        opts.Validate();
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        // Pooling off: Dispose must really close the file (tests reopen it; the node may move it).
        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        var db = new SqliteConnection(cs);
        try
        {
            db.Open();
            Exec(db, "PRAGMA journal_mode=WAL;");
            Exec(db, "PRAGMA synchronous=FULL;");
            Exec(db, "PRAGMA busy_timeout=5000;");
            Exec(db, Schema);
            return new SqliteMailboxStore(db, opts, time);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> AckAsync(UInt128 tenant, string msgId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(msgId);
        var tenantKey = TenantKey.ToBytes(tenant);
        return new ValueTask<bool>(WriteAsync(
            () =>
            {
                _cmd.Ack.Parameters["$tenant"].Value = tenantKey;
                _cmd.Ack.Parameters["$id"].Value = msgId;
                return _cmd.Ack.ExecuteNonQuery() > 0;
            },
            ct));
    }

    /// <inheritdoc />
    public async ValueTask<int> CleanupExpiredKeysAsync(CancellationToken ct)
    {
        await EnterAsync(ct).ConfigureAwait(false);
        try
        {
            _cmd.CleanupKeys.Parameters["$cutoff"].Value = KeyCutoffMs();
            return _cmd.CleanupKeys.ExecuteNonQuery();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _cmd.Dispose();
            await _db.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static void Exec(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private long KeyCutoffMs() => NowMs() - (long)_opts.IdempotencyRetention.TotalMilliseconds;

    private async ValueTask EnterAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        if (_disposed)
        {
            _gate.Release();
            throw new ObjectDisposedException(nameof(SqliteMailboxStore));
        }
    }
}
