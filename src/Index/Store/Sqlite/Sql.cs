namespace RustyOnions.Index.Store.Sqlite;

/// <summary>The schema and statements of the SQLite store (specs/index.md, "Store").</summary>
internal static class Sql
{
    public const int SchemaVersion = 1;

    // names: one current record per name, with the local change sequence of its last write.
    // history: accepted records per (name, seq), newest kept, pruned to HistoryLimit.
    // TEXT compares with the BINARY collation = UTF-8 byte order = the order NameOrder defines.
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS names(
          name   TEXT    NOT NULL PRIMARY KEY,
          seq    INTEGER NOT NULL,
          change INTEGER NOT NULL,
          record BLOB    NOT NULL
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX IF NOT EXISTS names_by_change ON names(change);
        CREATE TABLE IF NOT EXISTS history(
          name   TEXT    NOT NULL,
          seq    INTEGER NOT NULL,
          record BLOB    NOT NULL,
          PRIMARY KEY(name, seq)
        ) WITHOUT ROWID;
        """;

    // Memory-mapped reads skip a read() syscall per page miss; the larger page cache keeps the
    // upper B-tree levels of a 100k-name index resident. Both are per connection.
    public const string ConnectionTuning = "PRAGMA mmap_size = 268435456; PRAGMA cache_size = -16384; PRAGMA busy_timeout = 5000;";

    public const string SelectCurrent = "SELECT record FROM names WHERE name = $name";

    public const string UpsertCurrent = """
        INSERT INTO names(name, seq, change, record) VALUES($name, $seq, $change, $record)
        ON CONFLICT(name) DO UPDATE SET seq = excluded.seq, change = excluded.change, record = excluded.record
        """;

    public const string UpsertHistory = "INSERT OR REPLACE INTO history(name, seq, record) VALUES($name, $seq, $record)";

    // Keeps the newest $keep rows of the name; with fewer rows the subquery is NULL and nothing goes.
    public const string PruneHistory = """
        DELETE FROM history WHERE name = $name AND seq <
          (SELECT seq FROM history WHERE name = $name ORDER BY seq DESC LIMIT 1 OFFSET $keep - 1)
        """;

    public const string MaxChange = "SELECT COALESCE(MAX(change), 0) FROM names";

    public const string SeekInclusive = "SELECT record FROM names WHERE name >= $bound AND name < $upper ORDER BY name LIMIT $count";

    public const string SeekExclusive = "SELECT record FROM names WHERE name > $bound AND name < $upper ORDER BY name LIMIT $count";

    public const string History = "SELECT record FROM history WHERE name = $name ORDER BY seq DESC LIMIT $count";

    public const string Since = "SELECT change, record FROM names WHERE change > $cursor ORDER BY change LIMIT $count";

    public const string Count = "SELECT COUNT(*) FROM names";

    /// <summary>Above every valid name (names start with ASCII base32); stands for "no upper bound".</summary>
    public static readonly string NoUpper = char.ConvertFromUtf32(0x10FFFF);
}
