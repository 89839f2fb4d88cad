namespace RustyOnions.Node.Mailbox;

/// <summary>A delivered message.</summary>
/// <param name="MsgId">ULID; ordering by it is ordering by enqueue time.</param>
/// <param name="Topic">The topic it was sent to.</param>
/// <param name="Body">The payload, byte for byte.</param>
/// <param name="IsText">True when the sender marked the body as UTF-8 text.</param>
/// <param name="CreatedMs">Enqueue time, Unix milliseconds.</param>
/// <param name="DeliveryCount">How many times it has been delivered, this delivery included.</param>
public sealed record MailboxMessage(string MsgId, string Topic, ReadOnlyMemory<byte> Body, bool IsText, long CreatedMs, int DeliveryCount);
