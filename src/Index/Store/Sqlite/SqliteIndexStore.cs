using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using RustyOnions.Index.Records;

namespace RustyOnions.Index.Store.Sqlite;

/// <summary>
/// The on-disk index store: one SQLite file in WAL mode, one writer connection behind a lock, a
/// pool of reader connections; every statement prepared once per connection.
/// </summary>
public sealed partial class SqliteIndexStore : IIndexStore
{
    private readonly SqliteIndexStoreOptions _options;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _readerGate;
    private readonly ConcurrentBag<ReaderSlot> _idleReaders = [];
    private readonly SqliteConnection _writer;
    private readonly SqliteCommand _selectCurrent;
    private readonly SqliteCommand _upsertCurrent;
    private readonly SqliteCommand _upsertHistory;
    private readonly SqliteCommand _pruneHistory;
    private long _lastChange;
    private long _conflicts;
    private bool _disposed;

    private SqliteIndexStore(SqliteIndexStoreOptions options)
    {
        _options = options;
        _readerGate = new SemaphoreSlim(options.MaxReaders, options.MaxReaders);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,

            // Our own pool keeps prepared statements; the provider's pool would keep files open after dispose.
            Pooling = false,
        }.ToString();
        _writer = new SqliteConnection(_connectionString);
        try
        {
            _writer.Open();
            Execute(_writer, $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {(options.FullSync ? "FULL" : "NORMAL")}; {Sql.ConnectionTuning}");
            using (var tx = _writer.BeginTransaction())
            {
                var version = Scalar(_writer, tx, "PRAGMA user_version");
                if (version > Sql.SchemaVersion)
                {
                    throw new InvalidOperationException(
                        $"index database '{options.Path}' has schema version {version}; this build knows up to {Sql.SchemaVersion}");
                }

                Execute(_writer, Sql.Schema, tx);
                Execute(_writer, $"PRAGMA user_version = {Sql.SchemaVersion}", tx);
                _lastChange = Scalar(_writer, tx, Sql.MaxChange);
                tx.Commit();
            }

            _selectCurrent = Prepare(_writer, Sql.SelectCurrent, "$name");
            _upsertCurrent = Prepare(_writer, Sql.UpsertCurrent, "$name", "$seq", "$change", "$record");
            _upsertHistory = Prepare(_writer, Sql.UpsertHistory, "$name", "$seq", "$record");
            _pruneHistory = Prepare(_writer, Sql.PruneHistory, "$name", "$keep");
        }
        catch
        {
            _writer.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public event EventHandler<ConflictEventArgs>? ConflictResolved;

    /// <inheritdoc />
    public long ConflictCount => Interlocked.Read(ref _conflicts);

    /// <summary>The database file.</summary>
    public string Path => _options.Path;

    /// <summary>Opens (creating when missing) the database at <see cref="SqliteIndexStoreOptions.Path"/>.</summary>
    public static Task<SqliteIndexStore> OpenAsync(SqliteIndexStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(options.Path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Opening is synchronous file I/O; run it off the caller's context.
        return Task.Run(() => new SqliteIndexStore(options), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<PublishResult> PublishAsync(NameRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        record.Verify();
        var results = await WriteAsync([record], cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PublishResult>> PublishManyAsync(IReadOnlyList<NameRecord> records, CancellationToken cancellationToken = default)
    {
        PublishDecision.VerifyAll(records, cancellationToken);
        return await WriteAsync(records, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _selectCurrent.Dispose();
            _upsertCurrent.Dispose();
            _upsertHistory.Dispose();
            _pruneHistory.Dispose();
            while (_idleReaders.TryTake(out var reader))
            {
                reader.Dispose();
            }

            _writer.Dispose();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // Applies verified records in one transaction; a failure rolls all of them back.
    private async ValueTask<PublishResult[]> WriteAsync(IReadOnlyList<NameRecord> records, CancellationToken cancellationToken)
    {
        var results = new PublishResult[records.Count];
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            var change = _lastChange;
            using (var tx = _writer.BeginTransaction())
            {
                for (var i = 0; i < results.Length; i++)
                {
                    results[i] = Apply(tx, records[i], ref change);
                }

                tx.Commit();
            }

            _lastChange = change;
        }
        finally
        {
            _writeLock.Release();
        }

        foreach (var result in results)
        {
            if (result.ConflictLoser is { } loser)
            {
                Interlocked.Increment(ref _conflicts);
                ConflictResolved?.Invoke(this, new ConflictEventArgs(result.Current, loser));
            }
        }

        return results;
    }

    private PublishResult Apply(SqliteTransaction tx, NameRecord record, ref long change)
    {
        _selectCurrent.Transaction = tx;
        _selectCurrent.Parameters[0].Value = record.Name;
        var held = _selectCurrent.ExecuteScalar() is byte[] bytes ? NameRecord.FromBytes(bytes) : null;
        var outcome = PublishDecision.Decide(held, record);
        if (outcome is not (PublishOutcome.Accepted or PublishOutcome.ConflictWon))
        {
            return new PublishResult(outcome, record, held!, held, 0);
        }

        change++;
        var encoded = record.Encoded.ToArray();
        Run(_upsertCurrent, tx, record.Name, record.Seq, change, encoded);
        Run(_upsertHistory, tx, record.Name, record.Seq, encoded);
        Run(_pruneHistory, tx, record.Name, _options.HistoryLimit);
        return new PublishResult(outcome, record, record, held, change);
    }

    internal static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, SqliteTransaction tx, params object[] values)
    {
        command.Transaction = tx;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
