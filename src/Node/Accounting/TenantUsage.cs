using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace RustyOnions.Node.Accounting;

/// <summary>
/// One tenant's running totals. Updated with interlocked adds on the request path (no lock, no
/// allocation once an op's counter exists); <see cref="UsageLedger"/> flushes the dirty ones.
/// Totals are absolute (loaded from the database at start), so a flush is an idempotent upsert.
/// </summary>
public sealed class TenantUsage
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _requests = new(StringComparer.Ordinal);
    private long _bytesIn;
    private long _bytesOut;
    private long _storedBytes;
    private long _mailboxMessages;
    private long _dayBytes;
    private long _day;
    private int _dirty;

    internal TenantUsage(UInt128 tenant) => Tenant = tenant;

    /// <summary>The tenant.</summary>
    public UInt128 Tenant { get; }

    /// <summary>Bytes received from the tenant (stored by PUT).</summary>
    public long BytesIn => Volatile.Read(ref _bytesIn);

    /// <summary>Bytes sent to the tenant (served by GET).</summary>
    public long BytesOut => Volatile.Read(ref _bytesOut);

    /// <summary>Bytes of new objects the tenant stored.</summary>
    public long StoredBytes => Volatile.Read(ref _storedBytes);

    /// <summary>Mailbox messages the tenant sent.</summary>
    public long MailboxMessages => Volatile.Read(ref _mailboxMessages);

    /// <summary>The UTC day (days since 1970-01-01) <see cref="DayBytes"/> counts.</summary>
    public long Day => Volatile.Read(ref _day);

    /// <summary>Bytes in plus out during <see cref="Day"/> (the daily budget's meter).</summary>
    public long DayBytes => Volatile.Read(ref _dayBytes);

    /// <summary>Requests by op (app protocol name).</summary>
    public IEnumerable<KeyValuePair<string, long>> Requests
    {
        get
        {
            foreach (var (op, n) in _requests)
            {
                yield return new(op, Volatile.Read(ref n.Value));
            }
        }
    }

    /// <summary>Bytes in plus out today (0 when the meter is for an earlier day).</summary>
    public long BytesOnDay(long day) => Day == day ? DayBytes : 0;

    internal void Request(string op)
    {
        if (!_requests.TryGetValue(op, out var box))
        {
            box = _requests.GetOrAdd(op, static _ => new StrongBox<long>());
        }

        Interlocked.Increment(ref box.Value);
        MarkDirty();
    }

    internal void AddIn(long bytes, long day)
    {
        Interlocked.Add(ref _bytesIn, bytes);
        AddDay(bytes, day);
    }

    internal void AddOut(long bytes, long day)
    {
        Interlocked.Add(ref _bytesOut, bytes);
        AddDay(bytes, day);
    }

    internal void AddStored(long bytes)
    {
        Interlocked.Add(ref _storedBytes, bytes);
        MarkDirty();
    }

    internal void AddMailboxMessage()
    {
        Interlocked.Increment(ref _mailboxMessages);
        MarkDirty();
    }

    /// <summary>True once (and clears the mark) when something changed since the last call.</summary>
    internal bool TakeDirty() => Interlocked.Exchange(ref _dirty, 0) == 1;

    internal void Restore(string key, long value)
    {
        switch (key)
        {
            case UsageKeys.BytesIn: _bytesIn = value; break;
            case UsageKeys.BytesOut: _bytesOut = value; break;
            case UsageKeys.StoredBytes: _storedBytes = value; break;
            case UsageKeys.MailboxMessages: _mailboxMessages = value; break;
            case UsageKeys.Day: _day = value; break;
            case UsageKeys.DayBytes: _dayBytes = value; break;
            default:
                if (key.StartsWith(UsageKeys.RequestPrefix, StringComparison.Ordinal))
                {
                    _requests[key[UsageKeys.RequestPrefix.Length..]] = new StrongBox<long>(value);
                }

                break;
        }
    }

    /// <summary>Every counter as (key, value), as the database stores them.</summary>
    internal IEnumerable<KeyValuePair<string, long>> Rows()
    {
        yield return new(UsageKeys.BytesIn, BytesIn);
        yield return new(UsageKeys.BytesOut, BytesOut);
        yield return new(UsageKeys.StoredBytes, StoredBytes);
        yield return new(UsageKeys.MailboxMessages, MailboxMessages);
        yield return new(UsageKeys.Day, Day);
        yield return new(UsageKeys.DayBytes, DayBytes);
        foreach (var (op, n) in Requests)
        {
            yield return new(UsageKeys.RequestPrefix + op, n);
        }
    }

    private void AddDay(long bytes, long day)
    {
        // A new day restarts the meter; the race between two first-of-day adds can lose one add's
        // bytes from the new day's meter, never more (the budget is a rate guard, not a bill).
        var seen = Volatile.Read(ref _day);
        if (seen != day && Interlocked.CompareExchange(ref _day, day, seen) == seen)
        {
            Interlocked.Exchange(ref _dayBytes, 0);
        }

        Interlocked.Add(ref _dayBytes, bytes);
        MarkDirty();
    }

    private void MarkDirty()
    {
        if (Volatile.Read(ref _dirty) == 0)
        {
            Volatile.Write(ref _dirty, 1);
        }
    }
}
