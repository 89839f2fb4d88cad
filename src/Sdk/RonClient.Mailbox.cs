using System.Text.Json;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Sdk;

/// <summary>Mailbox calls.</summary>
public sealed partial class RonClient
{
    /// <summary>Sends a text message to a topic.</summary>
    public Task<RonSendResult> SendAsync(string topic, string text, string? idempotencyKey = null, CancellationToken ct = default) =>
        SendCoreAsync(new Dictionary<string, object?> { ["op"] = "send", ["topic"] = topic, ["text"] = text, ["idempotency_key"] = idempotencyKey }, ct);

    /// <summary>Sends a binary message to a topic.</summary>
    public Task<RonSendResult> SendAsync(string topic, ReadOnlyMemory<byte> data, string? idempotencyKey = null, CancellationToken ct = default) =>
        SendCoreAsync(new Dictionary<string, object?> { ["op"] = "send", ["topic"] = topic, ["data"] = Convert.ToBase64String(data.Span), ["idempotency_key"] = idempotencyKey }, ct);

    /// <summary>Receives up to <paramref name="max"/> messages; they stay invisible for <paramref name="visibility"/> unless acked.</summary>
    public async Task<IReadOnlyList<RonMessage>> RecvAsync(string topic, int max = 10, TimeSpan? visibility = null, CancellationToken ct = default)
    {
        var request = new Dictionary<string, object?> { ["op"] = "recv", ["topic"] = topic, ["max"] = max };
        if (visibility is { } v)
        {
            request["visibility_ms"] = (long)v.TotalMilliseconds;
        }

        var (reply, _) = await RequestAsync(OapAppId.Mailbox, JsonSerializer.SerializeToUtf8Bytes(request), Always, ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(reply);
        var list = new List<RonMessage>();
        foreach (var m in doc.RootElement.GetProperty("messages").EnumerateArray())
        {
            list.Add(new RonMessage(
                m.GetProperty("msg_id").GetString()!,
                m.GetProperty("topic").GetString()!,
                m.TryGetProperty("text", out var t) ? t.GetString() : null,
                m.TryGetProperty("data", out var d) ? d.GetBytesFromBase64() : null,
                m.GetProperty("delivery_count").GetInt32(),
                m.GetProperty("created_ms").GetInt64()));
        }

        return list;
    }

    /// <summary>Acknowledges a message so it is not delivered again.</summary>
    public async Task AckAsync(string msgId, CancellationToken ct = default) =>
        await RequestAsync(OapAppId.Mailbox, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["op"] = "ack", ["msg_id"] = msgId }), null, ct).ConfigureAwait(false);

    private async Task<RonSendResult> SendCoreAsync(Dictionary<string, object?> request, CancellationToken ct)
    {
        if (request["idempotency_key"] is null)
        {
            request.Remove("idempotency_key");
        }

        // Only a SEND with an idempotency key may be repeated: the node answers a repeat with the first msg_id.
        var (reply, corr) = await RequestAsync(OapAppId.Mailbox, JsonSerializer.SerializeToUtf8Bytes(request), request.ContainsKey("idempotency_key") ? Always : null, ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(reply);
        return new RonSendResult(doc.RootElement.GetProperty("msg_id").GetString()!, doc.RootElement.TryGetProperty("duplicate", out var d) && d.GetBoolean(), corr);
    }
}
