using Microsoft.Data.Sqlite;

namespace RustyOnions.Node.Mailbox;

/// <summary>
/// Group commit: SEND, RECV and ACK are queued and a single drainer runs every queued write in one
/// transaction (each inside its own savepoint, so one failing write does not undo the others) and
/// commits once, so N concurrent writes share one fsync. A caller's task completes only after the
/// COMMIT that contains its write, so an answered SEND is as durable as before.
/// </summary>
public sealed partial class SqliteMailboxStore
{
    private readonly Lock _queueLock = new();
    private List<BatchedWrite> _queue = [];
    private List<BatchedWrite> _spare = [];
    private bool _draining;

    /// <summary>Writes committed per transaction, for tests and metrics: (transactions, writes).</summary>
    internal (long Commits, long Writes) GroupCommitStats => (Interlocked.Read(ref _commits), Interlocked.Read(ref _writes));

    private long _commits;
    private long _writes;

    private Task<T> WriteAsync<T>(Func<T> work, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        var op = new BatchedWrite<T>(work);
        bool start;
        lock (_queueLock)
        {
            _queue.Add(op);
            start = !_draining;
            _draining = true;
        }

        if (start)
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }

        return op.Task;
    }

    private async Task DrainAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            while (true)
            {
                List<BatchedWrite> batch;
                lock (_queueLock)
                {
                    if (_queue.Count == 0)
                    {
                        _draining = false;
                        return;
                    }

                    batch = _queue;
                    _queue = _spare;
                    _spare = batch;
                }

                RunBatch(batch);
                batch.Clear();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void RunBatch(List<BatchedWrite> batch)
    {
        if (_disposed)
        {
            foreach (var op in batch)
            {
                op.Fail(new ObjectDisposedException(nameof(SqliteMailboxStore)));
            }

            return;
        }

        try
        {
            _cmd.Begin.ExecuteNonQuery();
        }
        catch (SqliteException e)
        {
            foreach (var op in batch)
            {
                op.Fail(e);
            }

            return;
        }

        foreach (var op in batch)
        {
            _cmd.Savepoint.ExecuteNonQuery();
            try
            {
                op.Run();
                _cmd.Release.ExecuteNonQuery();
            }
            catch (Exception e)
            {
                _cmd.RollbackTo.ExecuteNonQuery();
                _cmd.Release.ExecuteNonQuery();
                op.Error = e;
            }
        }

        try
        {
            _cmd.Commit.ExecuteNonQuery();
        }
        catch (SqliteException e)
        {
            try
            {
                _cmd.Rollback.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // The commit failure already rolled the transaction back.
            }

            foreach (var op in batch)
            {
                op.Fail(e);
            }

            return;
        }

        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _writes, batch.Count);
        foreach (var op in batch)
        {
            op.Complete();
        }
    }

    /// <summary>One queued write; completes (or fails) only after its transaction's COMMIT.</summary>
    private abstract class BatchedWrite
    {
        public Exception? Error { get; set; }

        public abstract void Run();

        public abstract void Complete();

        public abstract void Fail(Exception e);
    }

    private sealed class BatchedWrite<T>(Func<T> work) : BatchedWrite
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _done.Task;

        public override void Run() => _result = work();

        public override void Complete()
        {
            if (Error is not null)
            {
                _done.TrySetException(Error);
            }
            else
            {
                _done.TrySetResult(_result!);
            }
        }

        public override void Fail(Exception e) => _done.TrySetException(e);
    }
}
