using Microsoft.Data.Sqlite;
using RustyOnions.Proto.Content;

namespace RustyOnions.Index.Mapping;

/// <summary>
/// An <see cref="ICidMap"/> in one SQLite file (WAL; typically <c>DATA_DIR/ipfs-map.db</c>). One connection serialised
/// by a gate: each call is one indexed lookup or one short transaction, far cheaper than the gateway work around it.
/// </summary>
public sealed class SqliteCidMap : ICidMap
{
    private const int SchemaVersion = 1;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS roots (cid BLOB PRIMARY KEY, addr BLOB NOT NULL, size INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS roots_addr ON roots (addr);
        CREATE TABLE IF NOT EXISTS blocks (cid BLOB PRIMARY KEY, root BLOB NOT NULL) WITHOUT ROWID;
        """;

    private readonly SqliteConnection _db;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _count;
    private bool _disposed;

    private SqliteCidMap(SqliteConnection db, long count)
    {
        _db = db;
        _count = count;
    }

    /// <inheritdoc />
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Opens (creating when missing) the map at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidOperationException">The file has a newer schema.</exception>
    public static async Task<SqliteCidMap> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecAsync(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;", cancellationToken).ConfigureAwait(false);
            var version = await ScalarAsync(db, "PRAGMA user_version", cancellationToken).ConfigureAwait(false);
            if (version > SchemaVersion)
            {
                throw new InvalidOperationException($"CID map '{path}' has schema version {version}; this build knows up to {SchemaVersion}");
            }

            await ExecAsync(db, Schema + $"PRAGMA user_version = {SchemaVersion};", cancellationToken).ConfigureAwait(false);
            var count = await ScalarAsync(db, "SELECT COUNT(*) FROM roots", cancellationToken).ConfigureAwait(false);
            return new SqliteCidMap(db, count);
        }
        catch
        {
            await db.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask PutAsync(CidMapEntry entry, IReadOnlyCollection<ReadOnlyMemory<byte>>? blockCids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        CidMapValidation.Check(entry);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var root = entry.Cid.ToArray();
            using var tx = _db.BeginTransaction();
            using (var put = _db.CreateCommand())
            {
                put.Transaction = tx;
                put.CommandText = "INSERT OR IGNORE INTO roots (cid, addr, size) VALUES ($cid, $addr, $size)";
                put.Parameters.AddWithValue("$cid", root);
                put.Parameters.AddWithValue("$addr", entry.Addr.Digest.ToArray());
                put.Parameters.AddWithValue("$size", entry.Size);
                if (await put.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                {
                    Interlocked.Increment(ref _count);
                }
            }

            if (blockCids is { Count: > 0 })
            {
                using var block = _db.CreateCommand();
                block.Transaction = tx;
                block.CommandText = "INSERT OR IGNORE INTO blocks (cid, root) VALUES ($cid, $root)";
                var cidParam = block.Parameters.Add("$cid", SqliteType.Blob);
                block.Parameters.AddWithValue("$root", root);
                foreach (var b in blockCids)
                {
                    cidParam.Value = b.ToArray();
                    await block.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask<CidMapEntry?> TryGetByCidAsync(ReadOnlyMemory<byte> cid, CancellationToken cancellationToken) =>
        QueryAsync("SELECT cid, addr, size FROM roots WHERE cid = $k", cid.ToArray(), cancellationToken);

    /// <inheritdoc />
    public ValueTask<CidMapEntry?> TryGetByAddrAsync(ContentId addr, CancellationToken cancellationToken) =>
        QueryAsync("SELECT cid, addr, size FROM roots WHERE addr = $k LIMIT 1", addr.Digest.ToArray(), cancellationToken);

    /// <inheritdoc />
    public async ValueTask<CidMapEntry?> TryGetByBlockAsync(ReadOnlyMemory<byte> blockCid, CancellationToken cancellationToken) =>
        await TryGetByCidAsync(blockCid, cancellationToken).ConfigureAwait(false)
        ?? await QueryAsync("SELECT r.cid, r.addr, r.size FROM blocks b JOIN roots r ON r.cid = b.root WHERE b.cid = $k", blockCid.ToArray(), cancellationToken).ConfigureAwait(false);

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
            await _db.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask<CidMapEntry?> QueryAsync(string sql, byte[] key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var cmd = _db.CreateCommand();
            cmd.CommandText = sql;
            cmd.Parameters.AddWithValue("$k", key);
            using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            return new CidMapEntry((byte[])reader.GetValue(0), ContentId.FromDigest((byte[])reader.GetValue(1)), reader.GetInt64(2));
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task ExecAsync(SqliteConnection db, string sql, CancellationToken ct)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<long> ScalarAsync(SqliteConnection db, string sql, CancellationToken ct)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }
}
