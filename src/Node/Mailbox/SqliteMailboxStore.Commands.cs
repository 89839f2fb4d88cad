using Microsoft.Data.Sqlite;

namespace RustyOnions.Node.Mailbox;

public sealed partial class SqliteMailboxStore
{
    /// <summary>Statements prepared once and reused with new parameter values.</summary>
    private sealed class Commands : IDisposable
    {
        public Commands(SqliteConnection db)
        {
            FindKey = Make(db, "SELECT msg_id FROM idempotency WHERE tenant=$tenant AND topic=$topic AND idem_key=$key AND created_ms>$cutoff", "$tenant", "$topic", "$key", "$cutoff");
            PutKey = Make(db, "INSERT OR REPLACE INTO idempotency(tenant, topic, idem_key, msg_id, created_ms) VALUES($tenant, $topic, $key, $id, $now)", "$tenant", "$topic", "$key", "$id", "$now");
            Insert = Make(
                db,
                "INSERT INTO messages(msg_id, tenant, topic, body, is_text, created_ms, visible_at_ms, delivery_count, idem_key) VALUES($id, $tenant, $topic, $body, $text, $now, $now, 0, $key)",
                "$id", "$tenant", "$topic", "$body", "$text", "$now", "$key");
            Recv = Make(
                db,
                """
                UPDATE messages SET visible_at_ms=$until, delivery_count=delivery_count+1
                WHERE msg_id IN (SELECT msg_id FROM messages WHERE tenant=$tenant AND topic=$topic AND visible_at_ms<=$now ORDER BY msg_id LIMIT $max)
                RETURNING msg_id, body, is_text, created_ms, delivery_count
                """,
                "$until", "$tenant", "$topic", "$now", "$max");
            Ack = Make(db, "DELETE FROM messages WHERE tenant=$tenant AND msg_id=$id", "$tenant", "$id");
            CleanupKeys = Make(db, "DELETE FROM idempotency WHERE created_ms<=$cutoff", "$cutoff");
            Begin = Make(db, "BEGIN IMMEDIATE");
            Savepoint = Make(db, "SAVEPOINT w");
            Release = Make(db, "RELEASE w");
            RollbackTo = Make(db, "ROLLBACK TO w");
            Commit = Make(db, "COMMIT");
            Rollback = Make(db, "ROLLBACK");
        }

        public SqliteCommand FindKey { get; }

        public SqliteCommand PutKey { get; }

        public SqliteCommand Insert { get; }

        public SqliteCommand Recv { get; }

        public SqliteCommand Ack { get; }

        public SqliteCommand CleanupKeys { get; }

        // Group commit (see SqliteMailboxStore.GroupCommit.cs): raw transaction statements, so the
        // batch's commands need no SqliteTransaction object.
        public SqliteCommand Begin { get; }

        public SqliteCommand Savepoint { get; }

        public SqliteCommand Release { get; }

        public SqliteCommand RollbackTo { get; }

        public SqliteCommand Commit { get; }

        public SqliteCommand Rollback { get; }

        public void Dispose()
        {
            FindKey.Dispose();
            PutKey.Dispose();
            Insert.Dispose();
            Recv.Dispose();
            Ack.Dispose();
            CleanupKeys.Dispose();
            foreach (var c in new[] { Begin, Savepoint, Release, RollbackTo, Commit, Rollback })
            {
                c.Dispose();
            }
        }

        private static SqliteCommand Make(SqliteConnection db, string sql, params string[] parameters)
        {
            var cmd = db.CreateCommand();
            cmd.CommandText = sql;
            foreach (var p in parameters)
            {
                cmd.Parameters.Add(new SqliteParameter(p, null));
            }

            cmd.Prepare();
            return cmd;
        }
    }
}
