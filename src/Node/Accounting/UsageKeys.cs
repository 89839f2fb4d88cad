namespace RustyOnions.Node.Accounting;

/// <summary>The counter names stored in accounting.db's <c>usage(tenant, key, value)</c> table.</summary>
internal static class UsageKeys
{
    public const string BytesIn = "bytes_in";
    public const string BytesOut = "bytes_out";
    public const string StoredBytes = "stored_bytes";
    public const string MailboxMessages = "mailbox_messages";
    public const string Day = "day";
    public const string DayBytes = "day_bytes";
    public const string RequestPrefix = "requests:";
}
