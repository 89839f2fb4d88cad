namespace RustyOnions.Sdk;

/// <summary>A mailbox message as received.</summary>
public sealed record RonMessage(string MsgId, string Topic, string? Text, byte[]? Data, int DeliveryCount, long CreatedMs);
