namespace RustyOnions.Sdk;

/// <summary>The id a SEND got; <see cref="Duplicate"/> when an idempotency key matched an earlier send.</summary>
public sealed record RonSendResult(string MsgId, bool Duplicate, ulong CorrId);
