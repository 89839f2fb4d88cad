using Microsoft.Data.Sqlite;

namespace RustyOnions.Index.Store.Sqlite;

/// <summary>One pooled read-only connection with its statements prepared once.</summary>
internal sealed class ReaderSlot : IDisposable
{
    public ReaderSlot(string connectionString)
    {
        Connection = new SqliteConnection(connectionString);
        Connection.Open();
        using (var pragma = Connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA query_only = 1; " + Sql.ConnectionTuning;
            pragma.ExecuteNonQuery();
        }

        Resolve = SqliteIndexStore.Prepare(Connection, Sql.SelectCurrent, "$name");
        SeekInclusive = SqliteIndexStore.Prepare(Connection, Sql.SeekInclusive, "$bound", "$upper", "$count");
        SeekExclusive = SqliteIndexStore.Prepare(Connection, Sql.SeekExclusive, "$bound", "$upper", "$count");
        History = SqliteIndexStore.Prepare(Connection, Sql.History, "$name", "$count");
        Since = SqliteIndexStore.Prepare(Connection, Sql.Since, "$cursor", "$count");
        Count = SqliteIndexStore.Prepare(Connection, Sql.Count);
    }

    public SqliteConnection Connection { get; }

    public SqliteCommand Resolve { get; }

    public SqliteCommand SeekInclusive { get; }

    public SqliteCommand SeekExclusive { get; }

    public SqliteCommand History { get; }

    public SqliteCommand Since { get; }

    public SqliteCommand Count { get; }

    public void Dispose()
    {
        Resolve.Dispose();
        SeekInclusive.Dispose();
        SeekExclusive.Dispose();
        History.Dispose();
        Since.Dispose();
        Count.Dispose();
        Connection.Dispose();
    }
}
