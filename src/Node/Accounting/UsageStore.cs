using System.Globalization;
using Microsoft.Data.Sqlite;

namespace RustyOnions.Node.Accounting;

/// <summary>
/// accounting.db: one row per (tenant, counter) holding the absolute total, written in one WAL
/// transaction per flush. Absolute values make a flush idempotent, so a kill -9 loses at most the
/// changes since the last committed flush.
/// </summary>
public sealed class UsageStore : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly Lock _lock = new();

    private UsageStore(SqliteConnection db) => _db = db;

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/>.</summary>
    public static UsageStore Open(string path)
    {
        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        var db = new SqliteConnection(cs);
        try
        {
            db.Open();
            Exec(db, "PRAGMA journal_mode=WAL;");
            Exec(db, "PRAGMA synchronous=NORMAL;"); // WAL+NORMAL survives a process kill; only power loss may drop the last flush
            Exec(db, "PRAGMA busy_timeout=5000;");
            Exec(db, "CREATE TABLE IF NOT EXISTS usage(tenant TEXT NOT NULL, key TEXT NOT NULL, value INTEGER NOT NULL, PRIMARY KEY(tenant, key)) WITHOUT ROWID;");
            return new UsageStore(db);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Every stored (tenant, key, value).</summary>
    public IReadOnlyList<(UInt128 Tenant, string Key, long Value)> Load()
    {
        lock (_lock)
        {
            var rows = new List<(UInt128, string, long)>();
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT tenant, key, value FROM usage;";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                rows.Add((UInt128.Parse(r.GetString(0), CultureInfo.InvariantCulture), r.GetString(1), r.GetInt64(2)));
            }

            return rows;
        }
    }

    /// <summary>Upserts the given tenants' counters in one transaction.</summary>
    public void Write(IReadOnlyList<TenantUsage> tenants)
    {
        if (tenants.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            using var cmd = _db.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO usage(tenant, key, value) VALUES($t, $k, $v) ON CONFLICT(tenant, key) DO UPDATE SET value = excluded.value;";
            var t = cmd.Parameters.Add("$t", SqliteType.Text);
            var k = cmd.Parameters.Add("$k", SqliteType.Text);
            var v = cmd.Parameters.Add("$v", SqliteType.Integer);
            cmd.Prepare();
            foreach (var tenant in tenants)
            {
                t.Value = tenant.Tenant.ToString(CultureInfo.InvariantCulture);
                foreach (var (key, value) in tenant.Rows())
                {
                    k.Value = key;
                    v.Value = value;
                    cmd.ExecuteNonQuery();
                }
            }

            tx.Commit();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _db.Dispose();
        }
    }

    private static void Exec(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
