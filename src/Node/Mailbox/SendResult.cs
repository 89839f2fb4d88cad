namespace RustyOnions.Node.Mailbox;

/// <summary>Outcome of a SEND.</summary>
/// <param name="MsgId">The message id (ULID); the original one for a duplicate.</param>
/// <param name="Duplicate">True when the idempotency key was already used and nothing was enqueued.</param>
public readonly record struct SendResult(string MsgId, bool Duplicate);
