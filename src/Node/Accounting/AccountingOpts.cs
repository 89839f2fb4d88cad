namespace RustyOnions.Node.Accounting;

/// <summary>Accounting settings.</summary>
public sealed record AccountingOpts
{
    /// <summary>How often changed counters are written to accounting.db (<c>accounting_flush_ms</c>, RON_ACCOUNTING_FLUSH_MS); at most this much is lost on kill -9.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);
}
