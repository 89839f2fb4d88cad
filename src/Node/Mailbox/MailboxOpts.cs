namespace RustyOnions.Node.Mailbox;

/// <summary>Limits and retention of a mailbox store.</summary>
public sealed record MailboxOpts
{
    /// <summary>Longest topic, in UTF-16 chars.</summary>
    public int MaxTopicLength { get; init; } = 256;

    /// <summary>Largest message body.</summary>
    public int MaxBodyBytes { get; init; } = 1 << 20;

    /// <summary>Most messages one RECV may return.</summary>
    public int MaxRecvBatch { get; init; } = 100;

    /// <summary>Longest idempotency key.</summary>
    public int MaxIdempotencyKeyLength { get; init; } = 128;

    /// <summary>Longest visibility timeout a RECV may ask for.</summary>
    public TimeSpan MaxVisibility { get; init; } = TimeSpan.FromHours(12);

    /// <summary>How long an idempotency key maps to its first message.</summary>
    public TimeSpan IdempotencyRetention { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting and the fix.</summary>
    public void Validate()
    {
        static void Positive(bool ok, string name, object value)
        {
            if (!ok)
            {
                throw new ArgumentException($"MailboxOpts.{name} is {value}: set it to a positive value", name);
            }
        }

        Positive(MaxTopicLength > 0, nameof(MaxTopicLength), MaxTopicLength);
        Positive(MaxBodyBytes > 0, nameof(MaxBodyBytes), MaxBodyBytes);
        Positive(MaxRecvBatch > 0, nameof(MaxRecvBatch), MaxRecvBatch);
        Positive(MaxIdempotencyKeyLength > 0, nameof(MaxIdempotencyKeyLength), MaxIdempotencyKeyLength);
        Positive(MaxVisibility > TimeSpan.Zero, nameof(MaxVisibility), MaxVisibility);
        Positive(IdempotencyRetention > TimeSpan.Zero, nameof(IdempotencyRetention), IdempotencyRetention);
    }

    internal void CheckSend(string topic, int bodyLength, string? key)
    {
        CheckTopic(topic);
        if (bodyLength > MaxBodyBytes)
        {
            throw new MailboxException(MailboxErrorKind.BodyTooLarge, $"message body of {bodyLength} bytes exceeds the limit of {MaxBodyBytes} bytes");
        }

        if (key is not null && (key.Length == 0 || key.Length > MaxIdempotencyKeyLength))
        {
            throw new MailboxException(MailboxErrorKind.InvalidIdempotencyKey, $"idempotency key must be 1 to {MaxIdempotencyKeyLength} characters, got {key.Length}");
        }
    }

    internal void CheckRecv(string topic, int max, TimeSpan visibility)
    {
        CheckTopic(topic);
        if (max < 1 || max > MaxRecvBatch)
        {
            throw new MailboxException(MailboxErrorKind.InvalidBatchSize, $"recv batch size must be 1 to {MaxRecvBatch}, got {max}");
        }

        if (visibility <= TimeSpan.Zero || visibility > MaxVisibility)
        {
            throw new MailboxException(MailboxErrorKind.InvalidVisibility, $"visibility timeout must be above 0 and at most {MaxVisibility}, got {visibility}");
        }
    }

    private void CheckTopic(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.Length == 0 || topic.Length > MaxTopicLength)
        {
            throw new MailboxException(MailboxErrorKind.InvalidTopic, $"topic must be 1 to {MaxTopicLength} characters, got {topic.Length}");
        }

        foreach (var c in topic)
        {
            if (char.IsControl(c))
            {
                throw new MailboxException(MailboxErrorKind.InvalidTopic, $"topic contains control character U+{(int)c:X4}");
            }
        }
    }
}
