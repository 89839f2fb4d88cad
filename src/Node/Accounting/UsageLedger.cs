using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RustyOnions.Node.Accounting;

/// <summary>
/// Per-tenant usage: counters updated lock-free in memory and flushed every
/// <see cref="AccountingOpts.FlushInterval"/> in one SQLite transaction (<see cref="UsageStore"/>),
/// or kept in memory only (amnesia, or no store). Dispose flushes once more.
/// </summary>
public sealed partial class UsageLedger : IAsyncDisposable
{
    private readonly ConcurrentDictionary<UInt128, TenantUsage> _tenants = new();
    private readonly UsageStore? _store;
    private readonly TimeProvider _time;
    private readonly ILogger? _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _flusher;
    private long _flushes;

    /// <summary>Loads the stored totals and starts the flush loop (none when <paramref name="store"/> is null).</summary>
    public UsageLedger(UsageStore? store, AccountingOpts opts, TimeProvider time, ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(opts);
        _store = store;
        _time = time;
        _log = log;
        if (store is not null)
        {
            foreach (var (tenant, key, value) in store.Load())
            {
                Get(tenant).Restore(key, value);
            }
        }

        _flusher = store is null ? Task.CompletedTask : Task.Run(() => FlushLoopAsync(opts.FlushInterval, _stop.Token));
    }

    /// <summary>Completed flushes (tests and metrics).</summary>
    public long Flushes => Interlocked.Read(ref _flushes);

    /// <summary>The current UTC day number (days since 1970-01-01).</summary>
    public long Today => _time.GetUtcNow().ToUnixTimeMilliseconds() / 86_400_000;

    /// <summary>Milliseconds until the next UTC midnight (when daily budgets reset).</summary>
    public long MsToDayReset => ((Today + 1) * 86_400_000) - _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Every tenant seen.</summary>
    public IEnumerable<TenantUsage> Tenants => _tenants.Values;

    /// <summary>One tenant's usage, or null when never seen.</summary>
    public TenantUsage? Find(UInt128 tenant) => _tenants.GetValueOrDefault(tenant);

    /// <summary>Counts one request of <paramref name="op"/>.</summary>
    public void Request(UInt128 tenant, string op) => Get(tenant).Request(op);

    /// <summary>Counts bytes received from the tenant.</summary>
    public void BytesIn(UInt128 tenant, long bytes) => Get(tenant).AddIn(bytes, Today);

    /// <summary>Counts bytes sent to the tenant.</summary>
    public void BytesOut(UInt128 tenant, long bytes) => Get(tenant).AddOut(bytes, Today);

    /// <summary>Counts a newly stored object's bytes.</summary>
    public void Stored(UInt128 tenant, long bytes) => Get(tenant).AddStored(bytes);

    /// <summary>Counts a mailbox message sent.</summary>
    public void MailboxMessage(UInt128 tenant) => Get(tenant).AddMailboxMessage();

    /// <summary>Writes every changed tenant now.</summary>
    public void Flush()
    {
        if (_store is null)
        {
            return;
        }

        var dirty = new List<TenantUsage>();
        foreach (var t in _tenants.Values)
        {
            if (t.TakeDirty())
            {
                dirty.Add(t);
            }
        }

        _store.Write(dirty);
        Interlocked.Increment(ref _flushes);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _flusher.ConfigureAwait(false);
        Flush();
        _store?.Dispose();
        _stop.Dispose();
    }

    private TenantUsage Get(UInt128 tenant)
    {
        if (!_tenants.TryGetValue(tenant, out var usage))
        {
            usage = _tenants.GetOrAdd(tenant, static t => new TenantUsage(t));
        }

        return usage;
    }

    private async Task FlushLoopAsync(TimeSpan interval, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    Flush();
                }
                catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException)
                {
                    if (_log is not null)
                    {
                        LogFlushFailed(_log, e);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "accounting flush failed; retrying at the next interval")]
    private static partial void LogFlushFailed(ILogger log, Exception e);
}
