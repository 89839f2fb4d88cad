using Microsoft.Data.Sqlite;

namespace RustyOnions.Node.Index;

/// <summary>
/// The last change-feed cursor received from each federation member, in SQLite next to the index
/// (<c>index-federation.db</c>), so a restarted node resumes where it stopped instead of re-reading every feed.
/// </summary>
internal sealed class FederationCursors : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly Lock _lock = new();

    public FederationCursors(string path)
    {
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _db.Open();
        using var cmd = _db.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS cursors (member TEXT PRIMARY KEY, cursor INTEGER NOT NULL, updated_ms INTEGER NOT NULL);";
        cmd.ExecuteNonQuery();
    }

    public long Get(string member)
    {
        lock (_lock)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT cursor FROM cursors WHERE member = $m";
            cmd.Parameters.AddWithValue("$m", member);
            return cmd.ExecuteScalar() is long v ? v : 0;
        }
    }

    public void Set(string member, long cursor)
    {
        lock (_lock)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "INSERT INTO cursors (member, cursor, updated_ms) VALUES ($m, $c, $t) ON CONFLICT(member) DO UPDATE SET cursor = excluded.cursor, updated_ms = excluded.updated_ms";
            cmd.Parameters.AddWithValue("$m", member);
            cmd.Parameters.AddWithValue("$c", cursor);
            cmd.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            cmd.ExecuteNonQuery();
        }
    }

    public void Dispose() => _db.Dispose();
}
