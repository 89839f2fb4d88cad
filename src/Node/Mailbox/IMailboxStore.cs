namespace RustyOnions.Node.Mailbox;

/// <summary>
/// Per-tenant topic queues with at-least-once delivery: RECV hides messages for a visibility
/// timeout, ACK deletes them, unacked messages come back. Implemented durably by
/// <see cref="SqliteMailboxStore"/> and in memory (amnesia mode) by <see cref="MemoryMailboxStore"/>.
/// </summary>
public interface IMailboxStore : IAsyncDisposable
{
    /// <summary>
    /// Enqueues a message. With an idempotency key, a re-send within the retention window returns
    /// the original id with <see cref="SendResult.Duplicate"/> set and enqueues nothing. The message is
    /// durable when the task completes.
    /// </summary>
    /// <exception cref="MailboxException">Topic, body or key violates the limits.</exception>
    ValueTask<SendResult> SendAsync(UInt128 tenant, string topic, ReadOnlyMemory<byte> body, bool isText, string? idempotencyKey, CancellationToken ct);

    /// <summary>
    /// Returns up to <paramref name="max"/> visible messages of the topic in id (ULID) order and hides
    /// them until now + <paramref name="visibility"/>, incrementing their delivery count.
    /// </summary>
    /// <exception cref="MailboxException">Topic, batch size or visibility violates the limits.</exception>
    ValueTask<IReadOnlyList<MailboxMessage>> RecvAsync(UInt128 tenant, string topic, int max, TimeSpan visibility, CancellationToken ct);

    /// <summary>Deletes a message of the tenant; false when the tenant has no such message.</summary>
    ValueTask<bool> AckAsync(UInt128 tenant, string msgId, CancellationToken ct);

    /// <summary>Forgets idempotency keys older than the retention window; returns how many.</summary>
    ValueTask<int> CleanupExpiredKeysAsync(CancellationToken ct);
}
