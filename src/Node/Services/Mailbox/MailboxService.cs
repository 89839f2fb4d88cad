using System.Buffers;
using System.Text;
using System.Text.Json;
using RustyOnions.Node.Mailbox;
using RustyOnions.Node.Oap;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Services.Mailbox;

/// <summary>Mailbox (0x0201): send / recv / ack in the original's JSON shapes, durable in SQLite.</summary>
public sealed class MailboxService : IOapService
{
    private readonly Func<IMailboxStore> _storeOf;
    private readonly TimeSpan _defaultVisibility;

    /// <summary>Created by DI.</summary>
    public MailboxService(Func<IMailboxStore> store, TimeSpan defaultVisibility)
    {
        _storeOf = store;
        _defaultVisibility = defaultVisibility;
    }

    private IMailboxStore Store => _storeOf();

    /// <summary>Counts each new message sent per tenant, or null.</summary>
    public Accounting.UsageLedger? Usage { get; init; }

    /// <inheritdoc />
    public ushort AppId => OapAppId.Mailbox;

    /// <inheritdoc />
    public string Name => "mailbox";

    /// <inheritdoc />
    public async ValueTask HandleAsync(OapRequest request, OapConnectionInfo connection, CancellationToken ct)
    {
        using var doc = JsonRequest.Parse(request.Head);
        var root = doc.RootElement;
        byte[] reply;
        try
        {
            reply = JsonRequest.Op(root) switch
            {
                "send" => await SendAsync(request.Tenant, root, ct).ConfigureAwait(false),
                "recv" => await RecvAsync(request.Tenant, root, ct).ConfigureAwait(false),
                "ack" => await AckAsync(request.Tenant, root, ct).ConfigureAwait(false),
                var op => throw OapServiceException.BadRequest($"unknown mailbox op '{op}' (known: send, recv, ack)"),
            };
        }
        catch (MailboxException e)
        {
            throw OapServiceException.BadRequest(e.Message);
        }

        await request.Responder.ReplyAsync(reply, ct).ConfigureAwait(false);
    }

    private async ValueTask<byte[]> SendAsync(UInt128 tenant, JsonElement root, CancellationToken ct)
    {
        var topic = JsonRequest.RequiredString(root, "topic");
        var text = JsonRequest.OptionalString(root, "text");
        var data = JsonRequest.OptionalString(root, "data");
        if ((text is null) == (data is null))
        {
            throw OapServiceException.BadRequest("send needs exactly one of 'text' (UTF-8) or 'data' (base64)");
        }

        byte[] body;
        if (text is not null)
        {
            body = Encoding.UTF8.GetBytes(text);
        }
        else
        {
            try
            {
                body = Convert.FromBase64String(data!);
            }
            catch (FormatException)
            {
                throw OapServiceException.BadRequest("field 'data' is not valid base64");
            }
        }

        var key = JsonRequest.OptionalString(root, "idempotency_key");
        var result = await Store.SendAsync(tenant, topic, body, text is not null, key, ct).ConfigureAwait(false);
        if (!result.Duplicate)
        {
            Usage?.MailboxMessage(tenant);
        }

        return JsonReply.Build(w =>
        {
            w.WriteString("msg_id", result.MsgId);
            w.WriteBoolean("duplicate", result.Duplicate);
        });
    }

    private async ValueTask<byte[]> RecvAsync(UInt128 tenant, JsonElement root, CancellationToken ct)
    {
        var topic = JsonRequest.RequiredString(root, "topic");
        var max = (int)Math.Min(JsonRequest.OptionalLong(root, "max") ?? 10, int.MaxValue);
        if (max < 1)
        {
            throw OapServiceException.BadRequest("field 'max' must be at least 1");
        }

        var visibilityMs = JsonRequest.OptionalLong(root, "visibility_ms");
        var visibility = visibilityMs is { } ms ? TimeSpan.FromMilliseconds(Math.Max(1, ms)) : _defaultVisibility;
        var messages = await Store.RecvAsync(tenant, topic, max, visibility, ct).ConfigureAwait(false);
        return JsonReply.Build(w =>
        {
            w.WriteStartArray("messages");
            foreach (var m in messages)
            {
                w.WriteStartObject();
                w.WriteString("msg_id", m.MsgId);
                w.WriteString("topic", m.Topic);
                if (m.IsText)
                {
                    w.WriteString("text", Encoding.UTF8.GetString(m.Body.Span));
                }
                else
                {
                    w.WriteBase64String("data", m.Body.Span);
                }

                w.WriteNumber("delivery_count", m.DeliveryCount);
                w.WriteNumber("created_ms", m.CreatedMs);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private async ValueTask<byte[]> AckAsync(UInt128 tenant, JsonElement root, CancellationToken ct)
    {
        var id = JsonRequest.RequiredString(root, "msg_id");
        if (!await Store.AckAsync(tenant, id, ct).ConfigureAwait(false))
        {
            throw OapServiceException.NotFound($"no unacknowledged message '{id}' for this tenant");
        }

        return JsonReply.Build(w => w.WriteBoolean("ok", true));
    }
}
